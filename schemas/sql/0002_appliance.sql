-- One row that names this appliance: the id travels with every event it replicates later, and the
-- status endpoint reports it so that a tablet can tell two boxes on the same Wi-Fi apart.
CREATE TABLE appliance (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  uuid       TEXT    NOT NULL,
  created_at TEXT    NOT NULL
);

INSERT INTO appliance (id, uuid, created_at)
VALUES (1,
        lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
              || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-'
              || hex(randomblob(6))),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
