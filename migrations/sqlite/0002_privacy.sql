-- The values behind a thread's placeholders, each sealed (AES-256-GCM) and bound to its thread.
CREATE TABLE vault_entries (
    thread_id    TEXT NOT NULL REFERENCES threads(id),
    placeholder  TEXT NOT NULL,
    sealed       TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (thread_id, placeholder)
);

-- When a thread's personal data was last purged; a thread that was purged and has been quiet
-- since is not purged again.
ALTER TABLE threads ADD COLUMN purged_at INTEGER;

-- Who saw personal data, and when: every reveal in the console writes a row.
CREATE TABLE audit_log (
    id         TEXT PRIMARY KEY,
    at         INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    thread_id  TEXT,
    detail     TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
