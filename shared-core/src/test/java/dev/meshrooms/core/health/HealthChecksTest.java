package dev.meshrooms.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.testing.TestMesh;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Health: the database, the store and the durable jobs' scheduler")
class HealthChecksTest {
    private MeshCore mesh;

    @BeforeAll
    void start() {
        mesh = TestMesh.start();
    }

    @AfterAll
    void stop() {
        mesh.close();
    }

    private void sql(String statement) {
        Transactions.inTransaction(mesh.internals().pools().global(), c -> {
            try (var st = c.createStatement()) {
                st.executeUpdate(statement);
            }
            return null;
        });
    }

    @Test
    @DisplayName("a job long past its time that no worker took makes the scheduler down, with what to check")
    void overdueJob() {
        assertThat(mesh.health().run().get("scheduler").up()).isTrue();
        sql("INSERT INTO mesh.scheduled_tasks (task_name, task_instance, execution_time, picked, version)"
                + " VALUES ('health-test', 'one', now() - interval '10 minutes', false, 1)");
        try {
            HealthChecks.Check scheduler = mesh.health().run().get("scheduler");
            assertThat(scheduler.up()).isFalse();
            assertThat(scheduler.detail())
                    .contains("1 durable jobs are more than 5 minutes past their time", "no job worker");
        } finally {
            sql("DELETE FROM mesh.scheduled_tasks WHERE task_name = 'health-test'");
        }
        assertThat(mesh.health().run().get("scheduler").up()).isTrue();
    }
}
