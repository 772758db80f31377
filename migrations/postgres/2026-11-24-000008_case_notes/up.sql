-- Internal notes officers add to a case. Never public, never shown to KI auditors (domain.md §8); each note is
-- also a `note_added` event in the case's chain (which carries the note's id, not its text).
CREATE TABLE case_notes (
    id TEXT NOT NULL PRIMARY KEY,
    case_id TEXT NOT NULL,
    body_id TEXT NOT NULL REFERENCES public_bodies (id),
    author_id TEXT NOT NULL REFERENCES users (id),
    text TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX case_notes_case ON case_notes (case_id, created_at);
