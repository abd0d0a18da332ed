-- How many times a move raised its write fence: a fence that cannot finish inside its budget is lowered and raised
-- again later, and the status shows how often that happened.
ALTER TABLE room_move_jobs ADD COLUMN fence_attempts int NOT NULL DEFAULT 0;
