package dev.meshrooms.core.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshrooms.core.bundle.ImportOptions;
import dev.meshrooms.core.db.JobRows;
import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.Principal;
import dev.meshrooms.core.move.JobState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The import jobs in {@code mesh.bundle_imports} (global schema). */
final class ImportJobs {
    private static final String COLUMNS = "id, upload_id, owner, user_id, options, state, phase, bytes_done,"
            + " bytes_total, items_done, items_total, room_id, result, error_code, error, attempts, started_at,"
            + " phase_started_at, updated_at, finished_at";
    private final DataSource global;
    private final ObjectMapper json;

    ImportJobs(DataSource global, ObjectMapper json) {
        this.global = global;
        this.json = json;
    }

    /** Records a queued job; CONFLICT (naming the job) when the upload is being imported already. */
    ImportJob create(Principal who, String uploadId, ImportOptions options, long bytesTotal) {
        UUID id = UUID.randomUUID();
        return Transactions.inTransaction(global, c -> {
            Optional<UUID> running = runningFor(c, uploadId);
            if (running.isPresent()) {
                throw new MeshException(
                        ErrorCode.CONFLICT,
                        "upload " + uploadId + " is being imported already (job " + running.get()
                                + "); follow it at /api/imports/" + running.get() + "/status");
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO mesh.bundle_imports (id, upload_id, owner,"
                    + " user_id, token_id, options, state, phase, bytes_total)"
                    + " VALUES (?, ?, ?, ?, ?, ?::jsonb, 'running', 'queued', ?)")) {
                st.setObject(1, id);
                st.setString(2, uploadId);
                st.setString(3, who.owner());
                st.setObject(4, who.userId());
                st.setObject(5, who.tokenId());
                st.setString(6, write(options));
                st.setLong(7, bytesTotal);
                st.executeUpdate();
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState())) { // started at the same moment by another request
                    throw new MeshException(
                            ErrorCode.CONFLICT,
                            "upload " + uploadId + " is being imported already; follow that import");
                }
                throw e;
            }
            return find(c, id).orElseThrow();
        });
    }

    Optional<ImportJob> find(UUID id) {
        return Transactions.inTransaction(global, c -> find(c, id));
    }

    /** Running jobs whose scheduled execution is missing (the process died between recording and scheduling). */
    List<UUID> unscheduled(String taskName) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT j.id FROM mesh.bundle_imports j WHERE j.state = 'running' AND j.updated_at < now() -"
                            + " interval '5 seconds' AND NOT EXISTS (SELECT 1 FROM mesh.scheduled_tasks t"
                            + " WHERE t.task_name = ? AND t.task_instance = j.id::text)")) {
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

    /** A room an earlier attempt of the job committed, and what to record as its result. */
    record Made(UUID roomId, String result) {}

    /**
     * The room an attempt of this job made, if one committed (its process died before the job said so): the import of
     * the same announced bundle, with the same token, since the job started.
     */
    Optional<Made> madeBy(ImportJob job) {
        if (job.options().expectedSha256() == null) {
            return Optional.empty();
        }
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT h.room_id, r.slug, h.mapping::text FROM"
                    + " mesh.import_history h JOIN mesh.rooms r ON r.id = h.room_id WHERE h.bundle_sha256 = ?"
                    + " AND h.token_id IS NOT DISTINCT FROM ? AND h.imported_at >= ? ORDER BY h.imported_at LIMIT 1")) {
                st.setBytes(1, java.util.HexFormat.of().parseHex(job.options().expectedSha256()));
                st.setObject(2, job.options().tokenId());
                st.setTimestamp(3, Timestamp.from(job.startedAt()));
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    UUID room = rs.getObject(1, UUID.class);
                    String result = "{\"roomId\":\"" + room + "\",\"slug\":" + json.writeValueAsString(rs.getString(2))
                            + ",\"mapping\":" + rs.getString(3) + "}";
                    return Optional.of(new Made(room, result));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
    }

    /** An attempt starts (again, after a crash): its counters start from zero. */
    void attempt(UUID id) {
        update(
                id,
                "attempts = attempts + 1, phase = 'verify', phase_started_at = now(), bytes_done = 0,"
                        + " items_done = 0, items_total = -1");
    }

    void progress(UUID id, String phase, long bytesDone, long itemsDone, long itemsTotal) {
        update(
                id,
                "phase = ?, bytes_done = ?, items_done = ?, items_total = ?",
                phase,
                bytesDone,
                itemsDone,
                itemsTotal);
    }

    void succeed(UUID id, UUID roomId, String result, long bytesTotal) {
        update(
                id,
                "state = 'succeeded', phase = 'done', room_id = ?, result = ?::jsonb, bytes_done = ?,"
                        + " finished_at = now()",
                roomId,
                result,
                bytesTotal);
    }

    void fail(UUID id, ErrorCode code, String error) {
        update(id, "state = 'failed', error_code = ?, error = ?, finished_at = now()", code.name(), error);
    }

    private Optional<UUID> runningFor(Connection c, String uploadId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT id FROM mesh.bundle_imports WHERE upload_id = ? AND state = 'running' FOR UPDATE")) {
            st.setString(1, uploadId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }

    private void update(UUID id, String set, Object... values) {
        JobRows.update(global, "mesh.bundle_imports", id, set, values);
    }

    /** The latest jobs, newest first. */
    List<ImportJob> recent(int limit) {
        return Transactions.inTransaction(global, c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM mesh.bundle_imports ORDER BY started_at DESC LIMIT ?")) {
                st.setInt(1, limit);
                List<ImportJob> jobs = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        jobs.add(job(rs));
                    }
                }
                return jobs;
            }
        });
    }

    private Optional<ImportJob> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement st =
                c.prepareStatement("SELECT " + COLUMNS + " FROM mesh.bundle_imports WHERE id = ?")) {
            st.setObject(1, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(job(rs)) : Optional.empty();
            }
        }
    }

    private ImportJob job(ResultSet rs) throws SQLException {
        return new ImportJob(
                rs.getObject("id", UUID.class),
                rs.getString("upload_id"),
                rs.getString("owner"),
                rs.getObject("user_id", UUID.class),
                read(rs.getString("options")),
                JobState.fromDb(rs.getString("state")),
                rs.getString("phase"),
                rs.getLong("bytes_done"),
                rs.getLong("bytes_total"),
                rs.getLong("items_done"),
                rs.getLong("items_total"),
                rs.getObject("room_id", UUID.class),
                rs.getString("result"),
                rs.getString("error_code"),
                rs.getString("error"),
                rs.getInt("attempts"),
                instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("phase_started_at")),
                instant(rs.getTimestamp("updated_at")),
                instant(rs.getTimestamp("finished_at")));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ImportOptions read(String text) {
        try {
            return json.readValue(text, ImportOptions.class);
        } catch (JsonProcessingException e) {
            throw new MeshException(ErrorCode.INTERNAL, "import job record unreadable: " + e.getMessage(), e);
        }
    }

    private static Instant instant(Timestamp ts) {
        return JobRows.instant(ts);
    }
}
