-- An offload's progress is told to tablets live and no longer stored (it came up to four times a
-- second per offload, half a production's events): the ticks stored before go. AUTOINCREMENT keeps
-- the highest sequence ever given in sqlite_sequence, so no sequence is given twice.
DELETE FROM events WHERE kind = 'offload.progress';

-- Undo finds a device's latest change walking back through that device's own events, and whether
-- an undo took it back already by the undone sequence, not by reading every take event.
CREATE INDEX events_by_actor ON events (actor, sequence);
CREATE INDEX events_by_undid ON events (json_extract(payload, '$.undid'))
  WHERE json_extract(payload, '$.undid') IS NOT NULL;

-- A setup's next take number is the highest of its picture takes: read off an index, not counted
-- over the setup's every take.
CREATE INDEX takes_by_setup_and_kind ON takes (setup_id, wild, number);

-- Kept answers to idempotent requests are pruned by age.
CREATE INDEX idempotent_requests_by_age ON idempotent_requests (created_at);
