-- Decentralise / re-centralise jobs (issue 5). The job runs on db-scheduler (its table below); its own state lives in
-- room_move_jobs so a process killed mid-copy resumes from the last checkpoint on restart.
CREATE TABLE room_move_jobs (
    id             uuid PRIMARY KEY,
    room_id        uuid NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    direction      text NOT NULL CHECK (direction IN ('decentralise', 'recentralise')),
    state          text NOT NULL CHECK (state IN ('running', 'succeeded', 'failed')),
    phase          text NOT NULL,
    location       jsonb,                -- the shard (ShardLocation) the room moves into or out of
    checkpoints    jsonb NOT NULL DEFAULT '{}',  -- per table: the keyset position of the last copied batch
    capture_from   bigint,               -- catch-up reads changes of transactions with xid8 >= this
    rows_copied    bigint NOT NULL DEFAULT 0,
    rows_total     bigint NOT NULL DEFAULT 0,
    bytes_copied   bigint NOT NULL DEFAULT 0,
    bytes_total    bigint NOT NULL DEFAULT 0,
    changes_applied bigint NOT NULL DEFAULT 0,
    fence_millis   bigint,
    error          text,
    attempts       int NOT NULL DEFAULT 0,
    started_at     timestamptz NOT NULL DEFAULT now(),
    phase_started_at timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    switched_at    timestamptz,
    finished_at    timestamptz
);
-- one running move per room: a second POST gets 409
CREATE UNIQUE INDEX room_move_jobs_running_idx ON room_move_jobs (room_id) WHERE state = 'running';
CREATE INDEX room_move_jobs_room_idx ON room_move_jobs (room_id, started_at DESC);

-- db-scheduler 16.x (com.github.kagkarlsson:db-scheduler), its PostgreSQL table as the project documents it
CREATE TABLE scheduled_tasks (
    task_name             text NOT NULL,
    task_instance         text NOT NULL,
    task_data             bytea,
    execution_time        timestamptz NOT NULL,
    picked                boolean NOT NULL,
    picked_by             text,
    last_success          timestamptz,
    last_failure          timestamptz,
    consecutive_failures  int,
    last_heartbeat        timestamptz,
    version               bigint NOT NULL,
    priority              smallint,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
