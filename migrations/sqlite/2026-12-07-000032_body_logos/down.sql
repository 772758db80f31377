DROP TABLE body_logos;
