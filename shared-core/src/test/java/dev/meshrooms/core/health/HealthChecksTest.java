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
    @DisplayName(
            "a job long past its time that no worker took, with no job run meanwhile, makes the scheduler down; beside a"
                    + " job that just ran it is a busy worker")
    void overdueJob() {
        assertThat(mesh.health().run().get("scheduler").up()).isTrue();
        sql("INSERT INTO mesh.scheduled_tasks (task_name, task_instance, execution_time, picked, version)"
                + " VALUES ('health-test', 'one', now() - interval '10 minutes', false, 1)");
        try {
            HealthChecks.Check scheduler = mesh.health().run().get("scheduler");
            assertThat(scheduler.up()).isFalse();
            assertThat(scheduler.detail())
                    .contains("1 durable jobs are more than 5 minutes past their time", "no job worker");
            sql(
                    "INSERT INTO mesh.scheduled_tasks (task_name, task_instance, execution_time, picked, version,"
                            + " last_success) VALUES ('health-test', 'recurring', now() + interval '1 minute', false, 1, now())");
            scheduler = mesh.health().run().get("scheduler");
            assertThat(scheduler.up()).as(scheduler.detail()).isTrue();
            assertThat(scheduler.detail()).contains("1 past their time: the worker is busy");
        } finally {
            sql("DELETE FROM mesh.scheduled_tasks WHERE task_name = 'health-test'");
        }
        assertThat(mesh.health().run().get("scheduler").up()).isTrue();
    }
}
