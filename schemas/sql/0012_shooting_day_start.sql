-- When each shooting day was started (UTC, ISO 8601 with milliseconds): the days' start times map
-- a clip's recorded time to the day it was shot on, so a night shoot past midnight stays one day.
-- Days from before this migration start at midnight of their date.
ALTER TABLE shooting_days ADD COLUMN started_at TEXT;
UPDATE shooting_days SET started_at = date || 'T00:00:00.000Z' WHERE started_at IS NULL;
