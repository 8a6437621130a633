-- A thread's life as explicit states: bot → waiting_for_agent → with_agent → resolved (→ bot),
-- with opted_out beside them. Every change is a compare-and-set on state_version, so that two
-- writers (two jobs, a job and a person) can never undo each other; each change is recorded in
-- thread_transitions with who made it and why.
ALTER TABLE threads RENAME COLUMN status TO state;
UPDATE threads SET state = CASE state
    WHEN 'open' THEN 'bot'
    WHEN 'handoff' THEN 'waiting_for_agent'
    WHEN 'awaiting_agent' THEN 'waiting_for_agent'
    ELSE state END;
ALTER TABLE threads ADD COLUMN state_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE threads ADD COLUMN state_reason TEXT;
ALTER TABLE threads ADD COLUMN state_changed_at INTEGER;
-- The person who took the thread (with_agent).
ALTER TABLE threads ADD COLUMN assignee TEXT;
-- The language and script the customer last wrote in (a voice note is acknowledged in it).
ALTER TABLE threads ADD COLUMN language TEXT;
CREATE INDEX threads_queue ON threads (state, state_changed_at);

CREATE TABLE thread_transitions (
    id          TEXT PRIMARY KEY,
    thread_id   TEXT NOT NULL REFERENCES threads(id),
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    -- bot, customer, whatsapp (a user_preferences change), agent:<name>, admin:<name>
    actor       TEXT NOT NULL,
    reason      TEXT,
    message_id  TEXT,
    at          INTEGER NOT NULL
);
CREATE INDEX thread_transitions_thread ON thread_transitions (thread_id, at);

-- The customer's text as the pipeline saw it (personal data as placeholders), for the thread's
-- memory: the pipeline and any LLM read earlier turns only in this form.
ALTER TABLE messages ADD COLUMN redacted_body TEXT;
-- Who wrote an outbound message: the bot, or a person (agent:<name>).
ALTER TABLE messages ADD COLUMN author TEXT;

-- One customer's messages are processed in order, one at a time: a job waits while an earlier
-- job of the same conversation (business, or phone number id, and customer) is unfinished.
ALTER TABLE jobs ADD COLUMN conversation TEXT;
ALTER TABLE jobs ADD COLUMN order_at INTEGER;
UPDATE jobs SET
    conversation = (SELECT COALESCE(p.business_id, 'pn:' || COALESCE(m.phone_number_id, ''))
                           || '|' || COALESCE(m.sender_user_id, m.sender, '')
                    FROM messages m LEFT JOIN phone_numbers p ON p.phone_number_id = m.phone_number_id
                    WHERE m.id = jobs.message_id),
    order_at = (SELECT COALESCE(m.sent_at, m.created_at) FROM messages m WHERE m.id = jobs.message_id);
CREATE INDEX jobs_conversation ON jobs (conversation, status, order_at);

-- What people did with the bot's suggestions: the feedback the bot learns from.
CREATE TABLE suggestion_reviews (
    message_id  TEXT PRIMARY KEY REFERENCES messages(id),
    verdict     TEXT NOT NULL,
    reviewer    TEXT NOT NULL,
    original    TEXT NOT NULL,
    reason      TEXT,
    at          INTEGER NOT NULL
);
