-- Each take's revision: a number that changes whenever anything a view shows of the take changes
-- (its own columns, its number's clash with other takes, its clips and what they show, the
-- warnings naming another take, its scene's and setup's names). A listing of 2,000 takes built
-- again after one mark then reads the one take whose revision moved, not all 2,000 and their
-- 20,000 clips. Triggers keep it exact whatever writes: the take log, matching, the offload
-- engine replacing a card's clips, a cascade. Bumping a take that did not change only costs a
-- read; missing one would show a stale take, so where in doubt they bump.
ALTER TABLE takes ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;

-- Any column of the take itself. The bump is an UPDATE of the revision alone, which the WHEN
-- leaves alone, so nothing recurses.
CREATE TRIGGER take_revision_after_update AFTER UPDATE ON takes
WHEN NEW.revision = OLD.revision
BEGIN
  UPDATE takes SET revision = revision + 1 WHERE id = NEW.id;
END;

-- A take's clash is every other live take with its number: in its setup, or for a wild track in
-- its scene. A take that rolls, is renumbered, undone, or leaves changes its mates' clash, and a
-- renumbered take changes the warnings of takes its clips also run through.
CREATE TRIGGER take_revision_clash_after_insert AFTER INSERT ON takes
BEGIN
  UPDATE takes SET revision = revision + 1
  WHERE id != NEW.id AND number = NEW.number AND setup_id IN (
    SELECT id FROM setups WHERE scene_id = (SELECT scene_id FROM setups WHERE id = NEW.setup_id));
END;

CREATE TRIGGER take_revision_clash_after_update
AFTER UPDATE OF number, wild, undone_at, setup_id ON takes
BEGIN
  UPDATE takes SET revision = revision + 1
  WHERE id != NEW.id AND number IN (OLD.number, NEW.number) AND setup_id IN (
    SELECT id FROM setups WHERE scene_id IN (
      SELECT scene_id FROM setups WHERE id IN (OLD.setup_id, NEW.setup_id)));
  UPDATE takes SET revision = revision + 1 WHERE id IN (
    SELECT also_take_id FROM clip_takes WHERE take_id = NEW.id AND also_take_id IS NOT NULL);
END;

CREATE TRIGGER take_revision_clash_after_delete AFTER DELETE ON takes
BEGIN
  UPDATE takes SET revision = revision + 1
  WHERE number = OLD.number AND setup_id IN (
    SELECT id FROM setups WHERE scene_id = (SELECT scene_id FROM setups WHERE id = OLD.setup_id));
END;

-- The clips on a take, and the takes a clip also runs through (their warnings).
CREATE TRIGGER take_revision_clip_takes_after_insert AFTER INSERT ON clip_takes
BEGIN
  UPDATE takes SET revision = revision + 1 WHERE id IN (NEW.take_id, NEW.also_take_id);
END;

CREATE TRIGGER take_revision_clip_takes_after_update AFTER UPDATE ON clip_takes
BEGIN
  UPDATE takes SET revision = revision + 1
  WHERE id IN (OLD.take_id, NEW.take_id, OLD.also_take_id, NEW.also_take_id);
END;

CREATE TRIGGER take_revision_clip_takes_after_delete AFTER DELETE ON clip_takes
BEGIN
  UPDATE takes SET revision = revision + 1 WHERE id IN (OLD.take_id, OLD.also_take_id);
END;

-- What a take shows of its clips (a probe fills their timecode in later).
CREATE TRIGGER take_revision_clip_after_update
AFTER UPDATE OF name, camera, reel, start_tc, end_tc ON clips
BEGIN
  UPDATE takes SET revision = revision + 1 WHERE id IN (
    SELECT take_id FROM clip_takes WHERE clip_id = NEW.id
    UNION SELECT also_take_id FROM clip_takes WHERE clip_id = NEW.id);
END;

-- A take's name is its scene's number and its setup's letter; a warning names another take.
CREATE TRIGGER take_revision_setup_after_update AFTER UPDATE OF letter, scene_id ON setups
BEGIN
  UPDATE takes SET revision = revision + 1 WHERE setup_id = NEW.id OR id IN (
    SELECT ct.also_take_id FROM takes o JOIN clip_takes ct ON ct.take_id = o.id
    WHERE o.setup_id = NEW.id AND ct.also_take_id IS NOT NULL);
END;

CREATE TRIGGER take_revision_scene_after_update AFTER UPDATE OF number ON scenes
BEGIN
  UPDATE takes SET revision = revision + 1 WHERE setup_id IN (
    SELECT id FROM setups WHERE scene_id = NEW.id) OR id IN (
    SELECT ct.also_take_id FROM setups u JOIN takes o ON o.setup_id = u.id
    JOIN clip_takes ct ON ct.take_id = o.id
    WHERE u.scene_id = NEW.id AND ct.also_take_id IS NOT NULL);
END;
