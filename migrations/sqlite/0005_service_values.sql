-- Values the service keeps about itself, e.g. the vault key's check value: a start with another
-- key (a replica that generated its own) is refused instead of failing on every sealed row.
CREATE TABLE service_values (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
