-- The box's timecode clock: each jam, so that the clock reads the same after a restart and a take
-- rolled offline is stamped by the jam that held when it rolled. The clock counts on the
-- monotonic clock from the jam (steady_ns, valid while boot_id is the kernel's boot id), so that a
-- wall-clock step does not move it; after a reboot it counts from jammed_at on the wall clock.
CREATE TABLE timecode_jams (
  id         INTEGER PRIMARY KEY,
  day_id     INTEGER REFERENCES shooting_days (id),
  how        TEXT    NOT NULL CHECK (how IN ('time_of_day', 'manual', 'clip', 'ltc')),
  timecode   TEXT    NOT NULL,   -- what the clock read at the jam: '06:00:00:00'
  rate       TEXT    NOT NULL,   -- '23.976'
  jammed_at  TEXT    NOT NULL,   -- UTC to the millisecond, on the box's wall clock
  steady_ns  INTEGER NOT NULL,   -- the monotonic clock at the jam
  boot_id    TEXT    NOT NULL,
  actor      TEXT    NOT NULL
);
CREATE INDEX timecode_jams_by_time ON timecode_jams (jammed_at);

-- Which clock stamped a take: time of day, a jam by hand, or LTC.
ALTER TABLE takes ADD COLUMN tc_source TEXT NOT NULL DEFAULT 'time_of_day'
  CHECK (tc_source IN ('time_of_day', 'manual', 'ltc'));
