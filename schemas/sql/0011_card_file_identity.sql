-- A card file is known by more than its size and modification time: its status-change time and
-- inode change when it is rewritten in place even where the size and mtime are put back. An
-- offload compares them after each read, before its verdict and when it resumes; 0 is "not known"
-- (rows from before this migration, file systems that have none).
ALTER TABLE offload_files ADD COLUMN change_ns INTEGER NOT NULL DEFAULT 0;
ALTER TABLE offload_files ADD COLUMN inode INTEGER NOT NULL DEFAULT 0;
