DROP TABLE requester_documents;
