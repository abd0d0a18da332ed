package dev.meshrooms.core.move;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshrooms.core.db.JobRows;
import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.RoomState;
import dev.meshrooms.core.model.ShardLocation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The move jobs in {@code mesh.room_move_jobs} (global schema). */
final class MoveJobs {
    private static final String COLUMNS = "id, room_id, direction, state, phase, location, checkpoints, capture_from,"
            + " rows_copied, rows_total, bytes_copied, bytes_total, changes_applied, fence_millis, fence_attempts, error, attempts,"
            + " started_at, phase_started_at, updated_at, switched_at, finished_at";
    private static final TypeReference<Map<String, List<String>>> CHECKPOINTS = new TypeReference<>() {};
    private final DataSource global;
    private final ObjectMapper json;

    MoveJobs(DataSource global, ObjectMapper json) {
        this.global = global;
        this.json = json;
    }

    /** Records a new running job and marks the room as migrating; CONFLICT when the room has a running job. */
    MoveJob create(UUID roomId, MoveDirection direction, ShardLocation location) {
        UUID id = UUID.randomUUID();
        try {
            return Transactions.inTransaction(global, c -> {
                try (PreparedStatement st =
                        c.prepareStatement("INSERT INTO mesh.room_move_jobs (id, room_id, direction, state,"
                                + " phase, location) VALUES (?, ?, ?, 'running', ?, ?::jsonb)")) {
                    st.setObject(1, id);
                    st.setObject(2, roomId);
                    st.setString(3, direction.dbValue());
                    st.setString(
                            4,
                            (direction == MoveDirection.DECENTRALISE ? MovePhase.PROVISION : MovePhase.COPY_ROWS)
                                    .dbValue());
                    st.setString(5, location == null ? null : write(location));
                    st.executeUpdate();
                }
                setRoomState(c, roomId, RoomState.MIGRATING);
                return find(c, id).orElseThrow();
            });
        } catch (MeshException e) {
            if (e.code() == ErrorCode.CONFLICT) {
                throw new MeshException(
                        ErrorCode.CONFLICT,
                        "Room " + roomId + " is already being moved; wait for that job" + " to finish (GET /api/room/"
                                + roomId + "/decentralise/status).",
                        e);
            }
            throw e;
        }
    }

    /** Sets a failed job running again (Retry): it resumes from its checkpoints. */
    MoveJob restart(UUID id) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "UPDATE mesh.room_move_jobs SET state = 'running', error = NULL,"
                            + " finished_at = NULL, updated_at = now() WHERE id = ? AND state = 'failed' RETURNING room_id")) {
                st.setObject(1, id);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        throw new MeshException(
                                ErrorCode.CONFLICT, "move job " + id + " is not failed; nothing to retry");
                    }
                    setRoomState(c, rs.getObject(1, UUID.class), RoomState.MIGRATING);
                }
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState())) {
                    throw new MeshException(ErrorCode.CONFLICT, "this room is already being moved by another job", e);
                }
                throw e;
            }
            return find(c, id).orElseThrow();
        });
    }

    Optional<MoveJob> find(UUID id) {
        return Transactions.inTransaction(global, c -> find(c, id));
    }

    Optional<MoveJob> latest(UUID roomId) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM mesh.room_move_jobs WHERE room_id = ?" + " ORDER BY started_at DESC LIMIT 1")) {
                st.setObject(1, roomId);
                return one(st);
            }
        });
    }

    /** The shard the room's last successful decentralise moved it into. */
    Optional<ShardLocation> shardOf(UUID roomId) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT location FROM mesh.room_move_jobs WHERE room_id = ?"
                    + " AND direction = 'decentralise' AND state = 'succeeded' ORDER BY started_at DESC LIMIT 1")) {
                st.setObject(1, roomId);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() && rs.getString(1) != null
                            ? Optional.of(read(rs.getString(1), ShardLocation.class))
                            : Optional.empty();
                }
            }
        });
    }

    /** Running jobs whose scheduled execution is missing (the process died between recording and scheduling). */
    List<UUID> unscheduled(String taskName) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT j.id FROM mesh.room_move_jobs j WHERE j.state = 'running'"
                            + " AND NOT EXISTS (SELECT 1 FROM mesh.scheduled_tasks t WHERE t.task_name = ? AND t.task_instance = j.id::text)")) {
                st.setString(1, taskName);
                List<UUID> ids = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getObject(1, UUID.class));
                    }
                }
                return ids;
            }
        });
    }

    void phase(UUID id, MovePhase phase) {
        update(id, "phase = ?, phase_started_at = now()", phase.dbValue());
    }

    void location(UUID id, ShardLocation location) {
        update(id, "location = ?::jsonb", write(location));
    }

    void attempt(UUID id) {
        update(id, "attempts = attempts + 1");
    }

    void captureFrom(UUID id, long xid) {
        update(id, "capture_from = ?", xid);
    }

    void totals(UUID id, long rows, long bytes) {
        update(id, "rows_total = ?, bytes_total = ?", rows, bytes);
    }

    /** One batch done: its checkpoint and the counters move together, so a resumed job counts exactly. */
    void checkpoint(UUID id, String table, List<String> after, long rowsCopied, long bytesCopied) {
        update(
                id,
                "checkpoints = jsonb_set(checkpoints, ARRAY[?]::text[], ?::jsonb), rows_copied = ?, bytes_copied = ?",
                table,
                write(after),
                rowsCopied,
                bytesCopied);
    }

    /** Rows copied so far by a transaction not committed yet: the counter moves, the checkpoint waits for the commit. */
    void progress(UUID id, long rowsCopied) {
        update(id, "rows_copied = ?", rowsCopied);
    }

    /** Records that a step with no counters of its own is done (e.g. the old place is sealed). */
    void mark(UUID id, String step) {
        update(id, "checkpoints = jsonb_set(checkpoints, ARRAY[?]::text[], '[\"done\"]'::jsonb)", step);
    }

    void changesApplied(UUID id, long changes, long captureFrom) {
        update(id, "changes_applied = changes_applied + ?, capture_from = ?", changes, captureFrom);
    }

    void fenced(UUID id, long millis) {
        update(id, "fence_millis = ?", millis);
    }

    /** The write fence is about to be raised once more. */
    void fenceAttempt(UUID id) {
        update(id, "fence_attempts = fence_attempts + 1");
    }

    void succeed(UUID id) {
        update(id, "state = 'succeeded', phase = 'done', phase_started_at = now(), finished_at = now()");
    }

    void fail(UUID id, UUID roomId, String error) {
        Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE mesh.room_move_jobs SET state = 'failed', error = ?,"
                    + " finished_at = now(), updated_at = now() WHERE id = ?")) {
                st.setString(1, error);
                st.setObject(2, id);
                st.executeUpdate();
            }
            try (PreparedStatement st =
                    c.prepareStatement("UPDATE mesh.rooms SET state = 'active' WHERE id = ? AND state = 'migrating'")) {
                st.setObject(1, roomId);
                st.executeUpdate();
            }
            return null;
        });
    }

    /**
     * The routing switch: the room's record names its new place and the job enters cleanup, in one transaction of the
     * global database. {@code location} null: back to the global schema and shared bucket.
     */
    void switchRouting(Connection c, MoveJob job, ShardLocation location) throws SQLException {
        try (PreparedStatement st =
                c.prepareStatement("UPDATE mesh.rooms SET is_sharded = ?, shard_url = ?, shard_schema = ?,"
                        + " media_bucket = ?, kms_key_arn = ?, state = 'active' WHERE id = ?")) {
            st.setBoolean(1, location != null);
            st.setString(2, location == null ? null : location.serverUrl());
            st.setString(3, location == null ? null : location.schema());
            st.setString(4, location == null ? null : location.bucket());
            st.setString(5, location == null ? null : location.kmsKeyArn());
            st.setObject(6, job.roomId());
            if (st.executeUpdate() != 1) {
                throw new SQLException("room " + job.roomId() + " disappeared during its move");
            }
        }
        try (PreparedStatement st =
                c.prepareStatement("UPDATE mesh.room_move_jobs SET phase = 'cleanup', phase_started_at = now(),"
                        + " switched_at = now(), updated_at = now() WHERE id = ?")) {
            st.setObject(1, job.id());
            st.executeUpdate();
        }
    }

    private static void setRoomState(Connection c, UUID roomId, RoomState state) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE mesh.rooms SET state = ? WHERE id = ?")) {
            st.setString(1, state.dbValue());
            st.setObject(2, roomId);
            if (st.executeUpdate() != 1) {
                throw MeshException.roomNotFound(roomId.toString());
            }
        }
    }

    private void update(UUID id, String set, Object... values) {
        JobRows.update(global, "mesh.room_move_jobs", id, set, values);
    }

    private Optional<MoveJob> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement st =
                c.prepareStatement("SELECT " + COLUMNS + " FROM mesh.room_move_jobs WHERE id = ?")) {
            st.setObject(1, id);
            return one(st);
        }
    }

    /** Each room's latest move where it did not succeed: running, or failed (and not retried since). */
    List<MoveJob> unfinished() {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement(
                            "SELECT * FROM (SELECT DISTINCT ON (room_id) " + COLUMNS
                                    + " FROM mesh.room_move_jobs ORDER BY room_id, started_at DESC) latest WHERE state <> 'succeeded'");
                    ResultSet rs = st.executeQuery()) {
                List<MoveJob> jobs = new ArrayList<>();
                while (rs.next()) {
                    jobs.add(row(rs));
                }
                return jobs;
            }
        });
    }

    private Optional<MoveJob> one(PreparedStatement st) throws SQLException {
        try (ResultSet rs = st.executeQuery()) {
            return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
    }

    private MoveJob row(ResultSet rs) throws SQLException {
        String location = rs.getString("location");
        long capture = rs.getLong("capture_from");
        Long captureFrom = rs.wasNull() ? null : capture;
        long fence = rs.getLong("fence_millis");
        Long fenceMillis = rs.wasNull() ? null : fence;
        return new MoveJob(
                rs.getObject("id", UUID.class),
                rs.getObject("room_id", UUID.class),
                MoveDirection.fromDb(rs.getString("direction")),
                JobState.fromDb(rs.getString("state")),
                MovePhase.fromDb(rs.getString("phase")),
                location == null ? null : read(location, ShardLocation.class),
                read(rs.getString("checkpoints"), CHECKPOINTS),
                captureFrom,
                rs.getLong("rows_copied"),
                rs.getLong("rows_total"),
                rs.getLong("bytes_copied"),
                rs.getLong("bytes_total"),
                rs.getLong("changes_applied"),
                fenceMillis,
                rs.getInt("fence_attempts"),
                rs.getString("error"),
                rs.getInt("attempts"),
                instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("phase_started_at")),
                instant(rs.getTimestamp("updated_at")),
                instant(rs.getTimestamp("switched_at")),
                instant(rs.getTimestamp("finished_at")));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new MeshException(ErrorCode.INTERNAL, "move job record unreadable: " + e.getMessage(), e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new MeshException(ErrorCode.INTERNAL, "move job record unreadable: " + e.getMessage(), e);
        }
    }

    private static Instant instant(Timestamp ts) {
        return JobRows.instant(ts);
    }
}
