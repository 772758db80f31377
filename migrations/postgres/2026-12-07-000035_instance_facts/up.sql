-- Facts about the instance itself, one row each: e.g. the fingerprint of the secret key its data is encrypted with.
CREATE TABLE instance_facts (
    name TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
