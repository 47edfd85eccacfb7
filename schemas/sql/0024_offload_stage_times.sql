-- Where a finished offload's time went, stage by stage, as the engine measured it:
-- {"copying": s, "read": s, "read_stalled": s, "hash": {"xxh64": s, …}, "write": s, "sync": s,
--  "read_back": s, "mhl": s}; '{}' for offloads finished before it was measured.
ALTER TABLE offloads ADD COLUMN stage_seconds TEXT NOT NULL DEFAULT '{}'
  CHECK (json_valid(stage_seconds));
