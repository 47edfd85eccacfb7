-- Each card's offload report: made once its clips' thumbnails are (or cannot be), kept in the data
-- dir for the DIT view, and written beside the card folder on every destination it could be.
CREATE TABLE offload_reports (
  offload_id  INTEGER PRIMARY KEY REFERENCES offloads (id) ON DELETE CASCADE,
  file        TEXT    NOT NULL,                 -- relative to the data dir: reports/offload-12.pdf
  pages       INTEGER NOT NULL,
  bytes       INTEGER NOT NULL,
  written     TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(written)),  -- paths written
  failed      TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(failed)),   -- [{path, reason}]
  made_at     TEXT    NOT NULL                  -- UTC
);
