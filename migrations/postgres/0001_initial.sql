-- Times are milliseconds since the Unix epoch; JSON is stored as text.
CREATE TABLE businesses (
    id                TEXT PRIMARY KEY,
    name              TEXT NOT NULL,
    mode              TEXT NOT NULL,
    knowledge_version BIGINT NOT NULL,
    knowledge_sha256  TEXT NOT NULL,
    knowledge_json    TEXT NOT NULL,
    updated_at        BIGINT NOT NULL
);

CREATE TABLE phone_numbers (
    phone_number_id TEXT PRIMARY KEY,
    business_id     TEXT NOT NULL REFERENCES businesses(id)
);

-- Every signed webhook body exactly as received: nothing in it is ever lost.
CREATE TABLE webhook_events (
    id           TEXT PRIMARY KEY,
    body_sha256  TEXT NOT NULL UNIQUE,
    body         TEXT NOT NULL,
    received_at  BIGINT NOT NULL
);

-- Parts of a webhook that are neither messages nor statuses (user_preferences, errors, ...).
CREATE TABLE webhook_changes (
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL REFERENCES webhook_events(id),
    field           TEXT NOT NULL,
    phone_number_id TEXT,
    raw_json        TEXT NOT NULL
);

CREATE TABLE threads (
    id              TEXT PRIMARY KEY,
    business_id     TEXT NOT NULL REFERENCES businesses(id),
    customer_key    TEXT NOT NULL,
    wa_id           TEXT,
    user_id         TEXT,
    profile_name    TEXT,
    referral_json   TEXT,
    status          TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    last_inbound_at BIGINT,
    UNIQUE (business_id, customer_key)
);

CREATE TABLE messages (
    id              TEXT PRIMARY KEY,
    wamid           TEXT,
    -- A redelivery repeats the same element; a different element under a known wamid (seen in
    -- client libraries' fixtures) is kept too, but never answered twice: see jobs.wamid.
    content_sha256  TEXT,
    event_id        TEXT REFERENCES webhook_events(id),
    thread_id       TEXT REFERENCES threads(id),
    phone_number_id TEXT,
    direction       TEXT NOT NULL,
    kind            TEXT NOT NULL,
    body            TEXT,
    sender          TEXT,
    sender_user_id  TEXT,
    profile_name    TEXT,
    sent_at         BIGINT,
    raw_json        TEXT,
    action          TEXT,
    reason          TEXT,
    sources_json    TEXT,
    language        TEXT,
    confidence      DOUBLE PRECISION,
    reply_to        TEXT,
    created_at      BIGINT NOT NULL
);
CREATE INDEX messages_thread ON messages (thread_id, created_at);
CREATE UNIQUE INDEX messages_element ON messages (wamid, content_sha256);
CREATE INDEX messages_wamid ON messages (wamid);
-- One reply (or suggestion) per inbound message, however often its job runs.
CREATE UNIQUE INDEX messages_one_reply ON messages (reply_to) WHERE direction = 'out';

CREATE TABLE message_statuses (
    wamid        TEXT NOT NULL,
    status       TEXT NOT NULL,
    event_id     TEXT NOT NULL REFERENCES webhook_events(id),
    status_at    BIGINT,
    raw_json     TEXT NOT NULL,
    PRIMARY KEY (wamid, status)
);

-- One job per inbound message; a job whose run_after passed while running was claimed by a
-- worker that died, and is claimed again.
CREATE TABLE jobs (
    id          TEXT PRIMARY KEY,
    message_id  TEXT NOT NULL UNIQUE REFERENCES messages(id),
    -- One job per WhatsApp message id, whatever its deliveries looked like.
    wamid       TEXT NOT NULL UNIQUE,
    status      TEXT NOT NULL,
    attempts    BIGINT NOT NULL,
    run_after   BIGINT NOT NULL,
    last_error  TEXT,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX jobs_ready ON jobs (status, run_after);

CREATE TABLE outbox (
    id                  TEXT PRIMARY KEY,
    idempotency_key     TEXT NOT NULL UNIQUE,
    message_id          TEXT NOT NULL REFERENCES messages(id),
    phone_number_id     TEXT NOT NULL,
    to_wa_id            TEXT NOT NULL,
    body                TEXT NOT NULL,
    reply_to            TEXT,
    status              TEXT NOT NULL,
    attempts            BIGINT NOT NULL,
    run_after           BIGINT NOT NULL,
    provider_message_id TEXT,
    last_error          TEXT,
    created_at          BIGINT NOT NULL,
    sent_at             BIGINT
);
CREATE INDEX outbox_ready ON outbox (status, run_after);
