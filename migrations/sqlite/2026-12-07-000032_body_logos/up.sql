-- A body's logo for its letterhead (PNG or JPEG, checked on upload: domain::logo). Kept apart from public_bodies so
-- that the many reads of a body never carry the image. One per body; replaced whole.
CREATE TABLE body_logos (
    body_id TEXT PRIMARY KEY NOT NULL REFERENCES public_bodies(id),
    content_type TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    components INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    data BLOB NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
