-- When each clip was recorded (UTC, ISO 8601 with milliseconds): its media file's modification
-- time on the card as the offload read it, refined by the media's own recorded date when a probe
-- finds one. NULL: not known (clips from before this migration, files with no time).
ALTER TABLE clips ADD COLUMN recorded_at TEXT;
