package dev.meshrooms.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Splits the importer's last phase ("links": migrate the staging schema, translate ids, copy into the room tables,
 * then verify every signature) without touching the core: once "links" started, it polls {@code mesh.import_jobs}
 * every 50 ms; the job row disappears when the translation commits, so from then on the importer is verifying
 * signatures. Marks the phase "verify" on the clock.
 */
final class ImportCommitWatch {
    private final Thread thread;
    private volatile boolean running = true;

    private ImportCommitWatch(DataSource db, PhaseClock clock) {
        this.thread = new Thread(() -> watch(db, clock), "import-commit-watch");
        this.thread.setDaemon(true);
    }

    static ImportCommitWatch start(DataSource db, PhaseClock clock) {
        ImportCommitWatch watch = new ImportCommitWatch(db, clock);
        watch.thread.start();
        return watch;
    }

    private void watch(DataSource db, PhaseClock clock) {
        try {
            while (running && !clock.reached("links")) {
                Thread.sleep(50);
            }
            try (Connection c = db.getConnection();
                    Statement st = c.createStatement()) {
                while (running) {
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM mesh.import_jobs")) {
                        rs.next();
                        if (rs.getLong(1) == 0) {
                            clock.mark("verify");
                            return;
                        }
                    }
                    Thread.sleep(50);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            System.err.println("import-commit-watch: " + e.getMessage());
        }
    }

    void stop() throws InterruptedException {
        running = false;
        thread.join(1000);
    }
}
