-- What a kept answer was an answer to: the hash of the request body, so that the same
-- Idempotency-Key sent with another body is refused (422) rather than answered with the first
-- answer while the change it asks for is dropped. Empty for answers kept before this column.
ALTER TABLE idempotent_requests ADD COLUMN body_hash TEXT NOT NULL DEFAULT '';
