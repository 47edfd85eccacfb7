-- Listings are read a page at a time, each page from where the last one ended (keyset paging): a
-- page of clips, offloads or media jobs walks its table's rowid from the cursor on, a page of one
-- card's clips the (offload_id, position) index.
--
-- A page of the clips on no take cannot walk `clips` and skip the matched ones: in a production of
-- 300,000 clips of which a few thousand are unmatched, a page would read most of the table. The
-- clips on no take are therefore kept here by triggers, as the rows of `clips` with no
-- `clip_takes` row that names a take, whichever code writes either table.
CREATE TABLE unmatched_clips (
  clip_id INTEGER PRIMARY KEY REFERENCES clips (id) ON DELETE CASCADE
);

INSERT INTO unmatched_clips (clip_id)
  SELECT c.id FROM clips c LEFT JOIN clip_takes ct ON ct.clip_id = c.id WHERE ct.take_id IS NULL;

CREATE TRIGGER unmatched_clips_clip_added AFTER INSERT ON clips BEGIN
  INSERT OR IGNORE INTO unmatched_clips (clip_id) VALUES (NEW.id);
END;

-- A row with no take is a clip unassigned by hand: still on no take.
CREATE TRIGGER unmatched_clips_assigned AFTER INSERT ON clip_takes BEGIN
  DELETE FROM unmatched_clips WHERE clip_id = NEW.clip_id AND NEW.take_id IS NOT NULL;
  INSERT OR IGNORE INTO unmatched_clips (clip_id)
    SELECT NEW.clip_id WHERE NEW.take_id IS NULL;
END;

-- Also when a deleted take sets its clips' take to NULL.
CREATE TRIGGER unmatched_clips_reassigned AFTER UPDATE OF take_id, clip_id ON clip_takes BEGIN
  INSERT OR IGNORE INTO unmatched_clips (clip_id)
    SELECT OLD.clip_id FROM clips WHERE id = OLD.clip_id AND OLD.clip_id != NEW.clip_id;
  DELETE FROM unmatched_clips WHERE clip_id = NEW.clip_id AND NEW.take_id IS NOT NULL;
  INSERT OR IGNORE INTO unmatched_clips (clip_id)
    SELECT NEW.clip_id WHERE NEW.take_id IS NULL;
END;

-- A clip deleted with its offload takes its clip_takes row with it: only a clip still there is
-- put back.
CREATE TRIGGER unmatched_clips_released AFTER DELETE ON clip_takes BEGIN
  INSERT OR IGNORE INTO unmatched_clips (clip_id)
    SELECT OLD.clip_id FROM clips WHERE id = OLD.clip_id;
END;
