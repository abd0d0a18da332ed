package dev.meshrooms.lite.runtime;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an embedded cluster private before its server starts (zonky's data-directory customizer: after
 * {@code initdb}, before the postmaster). zonky's {@code initdb} trusts every local connection as the superuser; here,
 * on the first start of a cluster — and of a cluster an earlier Mesh-Lite made — the server runs once in single-user
 * mode (no socket, nobody can connect) to set the superuser's password, create the application role
 * {@value EmbeddedPostgresServer#APP_USER} (neither superuser nor CREATEROLE: rooms' shard roles are made and dropped
 * through two functions of the superuser's that take nothing but such roles) and hand it what Mesh made; then {@code pg_hba.conf}
 * allows SCRAM password logins on loopback and nothing else. A marker in the cluster records which passwords were set,
 * so new password files (a user deleted them) are set again at the next start; {@code pg_hba.conf} is rewritten
 * whenever it differs.
 */
final class ClusterSecurity {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterSecurity.class);
    static final String HBA = """
            # Mesh-Lite: every connection authenticates with a password (SCRAM-SHA-256), on loopback only.
            # Written at every start; the passwords are in the data directory (db-*.password, readable by its owner only).
            host    all    all    127.0.0.1/32    scram-sha-256
            host    all    all    ::1/128         scram-sha-256
            """;
    private static final String MARKER = "mesh-lite-security";
    /** Raised whenever {@link #setupSql()} changes, so clusters set up before run it again. */
    private static final String SETUP_VERSION = "v2";
    /** One resolver per binaries folder: zonky caches prepared binaries per resolver, whatever the folder. */
    private static final Map<Path, RecordingResolver> RESOLVERS = new ConcurrentHashMap<>();

    private final Path binaries;
    private final DatabaseSecrets secrets;

    ClusterSecurity(Path binaries, DatabaseSecrets secrets) {
        this.binaries = binaries;
        this.secrets = secrets;
    }

    /** The resolver zonky must use for {@code binaries}: it remembers which archive it handed out (the folder's name). */
    static PgBinaryResolver resolver(Path binaries) {
        return RESOLVERS.computeIfAbsent(binaries.toAbsolutePath(), b -> new RecordingResolver());
    }

    /** Secures the cluster in {@code dataDir} (the customizer zonky calls before it starts the server). */
    void secure(File dataDir) {
        Path data = dataDir.toPath();
        try {
            Path marker = data.resolve(MARKER);
            String expected = SETUP_VERSION + " " + secrets.fingerprint();
            if (!Files.exists(marker) || !Files.readString(marker).trim().equals(expected)) {
                // a cluster an earlier Mesh-Lite made: the global schema is there already, owned by the superuser
                boolean upgrade = !Files.exists(marker) && Files.exists(data.resolve("postmaster.opts"));
                runSingleUser(data, setupSql());
                Files.writeString(marker, expected + "\n");
                LOG.info(
                        "embedded PostgreSQL in {}: {} password authentication for every connection; Mesh-Lite connects"
                                + " as {}, not a superuser",
                        data,
                        upgrade ? "upgraded to" : "set up with",
                        EmbeddedPostgresServer.APP_USER);
            }
            Path hba = data.resolve("pg_hba.conf");
            if (!Files.exists(hba) || !Files.readString(hba).equals(HBA)) {
                Files.writeString(hba, HBA);
            }
        } catch (IOException e) {
            throw new MeshException(
                    ErrorCode.DATABASE_UNAVAILABLE,
                    "the embedded PostgreSQL in " + data + " could not be secured: " + e.getMessage(),
                    e);
        }
    }

    /**
     * Passwords, the application role and what it owns: idempotent, so a cluster made by an earlier Mesh-Lite (objects
     * owned by the superuser) is brought to the same state as a new one.
     */
    private String setupSql() {
        String app = EmbeddedPostgresServer.APP_USER;
        return String.join(
                        ";\n\n",
                        List.of(
                                "ALTER ROLE " + EmbeddedPostgresServer.SUPERUSER + " PASSWORD "
                                        + literal(secrets.superuserPassword()),
                                "DO $$ BEGIN CREATE ROLE " + app
                                        + "; EXCEPTION WHEN duplicate_object THEN NULL; END $$",
                                "ALTER ROLE " + app
                                        + " LOGIN NOCREATEROLE NOCREATEDB NOSUPERUSER NOREPLICATION NOBYPASSRLS PASSWORD "
                                        + literal(secrets.appPassword()),
                                "GRANT CONNECT, CREATE, TEMPORARY ON DATABASE " + EmbeddedPostgresServer.DATABASE
                                        + " TO " + app,
                                // the one thing Mesh needs CREATEROLE for, narrowed to rooms' shard roles (CREATEROLE
                                // itself would let
                                // the role grant itself pg_execute_server_program on PostgreSQL 15)
                                "CREATE SCHEMA IF NOT EXISTS mesh_roles AUTHORIZATION "
                                        + EmbeddedPostgresServer.SUPERUSER,
                                "REVOKE ALL ON SCHEMA mesh_roles FROM PUBLIC",
                                "GRANT USAGE ON SCHEMA mesh_roles TO " + app,
                                """
                CREATE OR REPLACE FUNCTION mesh_roles.create_room_role(role_name text) RETURNS void
                LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $f$
                BEGIN
                  IF role_name !~ '^room_[0-9a-f]{32}_rw$' THEN
                    RAISE EXCEPTION 'not the role of a room''s shard: %', role_name USING ERRCODE = '42501';
                  END IF;
                  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name) THEN
                    EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
                  END IF;
                  EXECUTE format('GRANT %I TO %I', role_name, '<app>');
                END $f$""".replace("<app>", app),
                                """
                CREATE OR REPLACE FUNCTION mesh_roles.drop_room_role(role_name text) RETURNS void
                LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $f$
                BEGIN
                  IF role_name !~ '^room_[0-9a-f]{32}_rw$' THEN
                    RAISE EXCEPTION 'not the role of a room''s shard: %', role_name USING ERRCODE = '42501';
                  END IF;
                  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name) THEN
                    EXECUTE format('DROP OWNED BY %I', role_name);
                    EXECUTE format('DROP ROLE %I', role_name);
                  END IF;
                END $f$""",
                                "REVOKE ALL ON FUNCTION mesh_roles.create_room_role(text), mesh_roles.drop_room_role(text) FROM PUBLIC",
                                "GRANT EXECUTE ON FUNCTION mesh_roles.create_room_role(text), mesh_roles.drop_room_role(text) TO "
                                        + app,
                                // what an earlier Mesh-Lite made as the superuser: the global schema, rooms' shard
                                // schemas, their roles
                                """
                DO $$
                DECLARE s record; o record;
                BEGIN
                  FOR s IN SELECT n.oid, n.nspname FROM pg_namespace n
                           WHERE n.nspname = 'mesh' OR n.nspname ~ '^room_[0-9a-f]{32}$' LOOP
                    EXECUTE format('ALTER SCHEMA %I OWNER TO %I', s.nspname, '<app>');
                    FOR o IN SELECT c.relname, c.relkind FROM pg_class c
                             WHERE c.relnamespace = s.oid AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
                                OR c.relnamespace = s.oid AND c.relkind = 'S'
                                   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')) LOOP
                      EXECUTE format('ALTER %s %I.%I OWNER TO %I', CASE o.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                          WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
                          s.nspname, o.relname, '<app>');
                    END LOOP;
                    FOR o IN SELECT p.oid::regprocedure AS routine FROM pg_proc p WHERE p.pronamespace = s.oid LOOP
                      EXECUTE format('ALTER ROUTINE %s OWNER TO %I', o.routine, '<app>');
                    END LOOP;
                    FOR o IN SELECT t.typname FROM pg_type t WHERE t.typnamespace = s.oid AND t.typtype IN ('e', 'd')
                                                                OR t.typnamespace = s.oid AND t.typtype = 'c'
                                                                   AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind <> 'c') LOOP
                      EXECUTE format('ALTER TYPE %I.%I OWNER TO %I', s.nspname, o.typname, '<app>');
                    END LOOP;
                  END LOOP;
                  FOR o IN SELECT rolname FROM pg_roles WHERE rolname ~ '^room_[0-9a-f]{32}_rw$' LOOP
                    EXECUTE format('GRANT %I TO %I', o.rolname, '<app>');
                  END LOOP;
                END $$""".replace("<app>", app)))
                + ";\n\n";
    }

    private void runSingleUser(Path data, String sql) throws IOException {
        Path postgres = binaryFolder().resolve("bin").resolve("postgres");
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U")); // as zonky does for root: PostgreSQL refuses to run as root
        }
        command.addAll(List.of(
                postgres.toString(),
                "--single",
                "-j",
                "-D",
                data.toString(),
                "-c",
                "listen_addresses=",
                "-c",
                "unix_socket_directories=",
                EmbeddedPostgresServer.DATABASE));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(sql.getBytes(StandardCharsets.UTF_8));
        }
        String output;
        try (InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("PostgreSQL in single-user mode did not finish within 2 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while PostgreSQL ran in single-user mode", e);
        }
        if (process.exitValue() != 0 || output.contains("ERROR:") || output.contains("FATAL:")) {
            throw new IOException(
                    "PostgreSQL in single-user mode refused the set-up (exit " + process.exitValue() + "): "
                            + output.lines()
                                    .filter(l -> l.contains("ERROR") || l.contains("FATAL"))
                                    .findFirst()
                                    .orElse(output.strip()));
        }
    }

    /** The folder zonky unpacked the binaries into: {@code PG-<MD5 of the archive>} under the binaries folder. */
    private Path binaryFolder() throws IOException {
        RecordingResolver resolver = RESOLVERS.get(binaries.toAbsolutePath());
        String digest = resolver == null ? null : resolver.digest;
        if (digest == null) {
            throw new IOException("the PostgreSQL binaries in " + binaries + " were not prepared by this process");
        }
        Path folder = binaries.resolve("PG-" + digest);
        if (!Files.isExecutable(folder.resolve("bin").resolve("postgres"))) {
            throw new IOException("no PostgreSQL binary in " + folder);
        }
        return folder;
    }

    private static String literal(String password) {
        if (!password.matches("[A-Za-z0-9_-]{16,200}")) {
            throw new IllegalArgumentException("a generated password has characters that are never generated");
        }
        return "'" + password + "'";
    }

    /** zonky's own resolver, remembering the MD5 of the archive it handed out (zonky names the folder after it). */
    private static final class RecordingResolver implements PgBinaryResolver {
        private volatile String digest;

        @Override
        public InputStream getPgBinary(String system, String machineHardware) throws IOException {
            InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
            if (archive == null) {
                return null;
            }
            byte[] bytes = archive.readAllBytes();
            archive.close();
            try {
                digest = HexFormat.of()
                        .formatHex(MessageDigest.getInstance("MD5").digest(bytes));
            } catch (NoSuchAlgorithmException e) {
                throw new IOException(e);
            }
            return new java.io.ByteArrayInputStream(bytes);
        }
    }
}
