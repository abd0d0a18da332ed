package dev.meshrooms.lite.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshrooms.core.CoreSettings;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.progress.ProgressListener;
import dev.meshrooms.core.testing.TempDirs;
import dev.meshrooms.lite.testing.Cli;
import dev.meshrooms.lite.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("An import killed with kill -9 half-way")
class ImportCrashTest {

    @Test
    @DisplayName("leaves a job that the next start cleans up: no room, no staging schema, no objects")
    void killedImportIsCleanedUp() throws Exception {
        Path dir = TestServers.newDataDir();
        byte[] bundle;
        String prefix;
        LiteServer server = TestServers.start(dir, Map.of(), true);
        try {
            MeshCore core = server.runtime().core();
            var demo = core.rooms().findBySlug("demo").orElseThrow();
            var last =
                    core.messages().page(demo.id(), null, 1).messages().get(0).message();
            byte[] noise = new byte[3 << 20];
            new java.util.Random(11).nextBytes(noise);
            core.media()
                    .attach(
                            demo,
                            last.id(),
                            "noise.bin",
                            "application/octet-stream",
                            new java.io.ByteArrayInputStream(noise),
                            noise.length);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            core.exporter("http://localhost").export(demo.id(), out, ProgressListener.NONE);
            bundle = out.toByteArray();

            Path fifo = TempDirs.create("mesh-fifo").resolve("room.tar.zst");
            assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                    .isZero();
            Process child = Cli.inChildJvm("import", fifo.toString(), "--as-new", "--data-dir", dir.toString())
                    .redirectOutput(dir.resolve("child-import.log").toFile())
                    .start();
            try (OutputStream pipe = Files.newOutputStream(fifo)) {
                pipe.write(bundle, 0, bundle.length - (1 << 20)); // all but the end: the importer waits for the rest
                pipe.flush();
                prefix = awaitJobWithObjects(core);
                child.destroyForcibly(); // SIGKILL mid-import
                assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
            } catch (java.io.IOException brokenPipe) {
                throw new AssertionError("the importer stopped reading early", brokenPipe);
            }
            assertThat(count(
                            core,
                            "SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE 'mesh_import_%'"))
                    .isEqualTo(1);
        } finally {
            server.close();
        }

        try (LiteServer restarted = TestServers.start(dir, Map.of(), false)) {
            MeshCore core = restarted.runtime().core();
            assertThat(count(core, "SELECT count(*) FROM mesh.import_jobs")).isZero();
            assertThat(count(
                            core,
                            "SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE 'mesh_import_%'"))
                    .isZero();
            assertThat(count(core, "SELECT count(*) FROM mesh.rooms")).isEqualTo(1);
            assertThat(core.internals().mediaStore().list(CoreSettings.DEFAULT_MEDIA_BUCKET, prefix))
                    .isEmpty();
        }
    }

    /** Waits until the child has recorded its job, created its staging schema and uploaded media; returns the prefix. */
    private static String awaitJobWithObjects(MeshCore core) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<String> prefixes = strings(core, "SELECT key_prefix FROM mesh.import_jobs");
            if (!prefixes.isEmpty()
                    && count(
                                    core,
                                    "SELECT count(*) FROM information_schema.schemata"
                                            + " WHERE schema_name LIKE 'mesh_import_%'")
                            == 1
                    && hasObjects(core, prefixes.get(0))) {
                return prefixes.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the child import never got under way (see child-import.log in the data dir)");
    }

    private static boolean hasObjects(MeshCore core, String prefix) {
        return !core.internals()
                .mediaStore()
                .list(CoreSettings.DEFAULT_MEDIA_BUCKET, prefix)
                .isEmpty();
    }

    private static long count(MeshCore core, String sql) throws Exception {
        try (Connection c = core.internals().pools().global().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> strings(MeshCore core, String sql) throws Exception {
        try (Connection c = core.internals().pools().global().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            List<String> values = new java.util.ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }
}
