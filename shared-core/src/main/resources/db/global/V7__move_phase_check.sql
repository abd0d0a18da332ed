-- A move job's phase is one of MovePhase's values (stored as text, like its state and direction).
ALTER TABLE room_move_jobs ADD CONSTRAINT room_move_jobs_phase_check
    CHECK (phase IN ('provision', 'copy-rows', 'copy-media', 'catch-up', 'fence', 'cleanup', 'done'));
