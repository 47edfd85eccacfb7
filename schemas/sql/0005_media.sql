-- Media: what a clip is (probed with MediaInfoLib on its first verified copy), and the background
-- jobs that probe clips and make their thumbnails and proxies, kept here so a restart resumes them.
ALTER TABLE clips ADD COLUMN media_path TEXT;            -- the copy probed and previewed
ALTER TABLE clips ADD COLUMN probe TEXT CHECK (probe IS NULL OR json_valid(probe));
ALTER TABLE clips ADD COLUMN start_tc TEXT;              -- '01:00:00:00', ';' for drop-frame
ALTER TABLE clips ADD COLUMN end_tc TEXT;
ALTER TABLE clips ADD COLUMN rate TEXT;                  -- '23.976', '29.97'…
ALTER TABLE clips ADD COLUMN start_frame INTEGER;        -- frames since midnight at that rate
ALTER TABLE clips ADD COLUMN frames INTEGER;
ALTER TABLE clips ADD COLUMN previewable INTEGER NOT NULL DEFAULT 0;

CREATE TABLE media_jobs (
  id          INTEGER PRIMARY KEY,
  clip_id     INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
  kind        TEXT    NOT NULL CHECK (kind IN ('probe', 'thumbnail', 'proxy')),
  state       TEXT    NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed',
                'cancelled')),
  reason      TEXT    NOT NULL DEFAULT '',
  progress    REAL    NOT NULL DEFAULT 0,               -- 0 to 1
  output      TEXT    NOT NULL DEFAULT '',              -- files made, relative to the data dir
  created_at  TEXT    NOT NULL,
  finished_at TEXT,
  UNIQUE (clip_id, kind)
);
CREATE INDEX media_jobs_by_state ON media_jobs (state, id);
