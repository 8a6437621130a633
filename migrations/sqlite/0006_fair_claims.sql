-- Fair claims: one business's burst must not starve the others, nor one customer's the rest of
-- a shop's customers. A job names its owner (the business, or the phone number id when no
-- business has it); claim_turns holds when each owner and each conversation last had a job
-- claimed, and a claim takes the job whose owner, then whose conversation, waited longest.
ALTER TABLE jobs ADD COLUMN owner TEXT;
-- When the job was last claimed: the fairness test measures waiting with it.
ALTER TABLE jobs ADD COLUMN claimed_at INTEGER;
UPDATE jobs SET owner = conversation;
CREATE TABLE claim_turns (
    key  TEXT PRIMARY KEY,
    turn INTEGER NOT NULL
);
