-- Sending at most once per outbox row. An attempt is recorded (status 'sending', attempt_at)
-- before its request leaves; an attempt whose outcome is unknown (the sender died, the request
-- timed out) becomes 'unconfirmed' and is never sent again: the status webhooks settle it
-- ('sent' or 'failed'), or after send_confirm_ms it is 'unknown' and a person is told.
ALTER TABLE outbox ADD COLUMN attempt_at INTEGER;
-- The newest delivery state the status webhooks reported: sent, delivered, read, failed.
ALTER TABLE outbox ADD COLUMN delivery TEXT;
CREATE INDEX outbox_provider_message ON outbox (provider_message_id);

-- A status names our message by its wamid and by the biz_opaque_callback_data we sent (the
-- outbox row's key), which arrives even when the send's own response was lost. 'applied' is
-- set once the status has been read into the outbox.
ALTER TABLE message_statuses ADD COLUMN callback TEXT;
ALTER TABLE message_statuses ADD COLUMN applied INTEGER NOT NULL DEFAULT 0;
CREATE INDEX message_statuses_unapplied ON message_statuses (applied);
