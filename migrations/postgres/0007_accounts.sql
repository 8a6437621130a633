-- People who use the console. An operator runs the whole installation; everyone else has a role
-- (owner or agent) in each business they work for, and sees nothing of any other business.
CREATE TABLE users (
    id                  TEXT PRIMARY KEY,
    username            TEXT NOT NULL UNIQUE,
    -- Argon2id, PHC string format.
    password_hash       TEXT NOT NULL,
    operator            BIGINT NOT NULL DEFAULT 0,
    disabled            BIGINT NOT NULL DEFAULT 0,
    created_at          BIGINT NOT NULL,
    password_changed_at BIGINT NOT NULL
);

CREATE TABLE memberships (
    user_id     TEXT NOT NULL REFERENCES users(id),
    business_id TEXT NOT NULL,
    role        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (user_id, business_id)
);
CREATE INDEX memberships_business ON memberships (business_id);

-- A signed-in browser. The cookie holds a random token; only its SHA-256 is kept, so a copy of
-- the database opens no session. Each session has its own CSRF token for the console's forms.
CREATE TABLE sessions (
    token_sha256 TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id),
    csrf         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- A person's tokens for the JSON API. Shown once when made; only the SHA-256 is kept.
CREATE TABLE api_tokens (
    token_sha256 TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id),
    label        TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
