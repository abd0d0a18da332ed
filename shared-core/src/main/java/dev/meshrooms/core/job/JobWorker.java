package dev.meshrooms.core.job;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's db-scheduler on {@code mesh.scheduled_tasks}: runs every kind of durable job. A job whose process
 * died is taken over by a live worker after four missed heartbeats.
 */
public final class JobWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobWorker.class);
    private final Scheduler scheduler;
    private final List<JobTasks> kinds;

    private JobWorker(Scheduler scheduler, List<JobTasks> kinds) {
        this.scheduler = scheduler;
        this.kinds = kinds;
    }

    /**
     * Starts polling {@code pool} (a pool of its own, so requests under pressure cannot make a running job look dead)
     * every {@code pollInterval}, saying it is alive every {@code heartbeat}, with {@code threadsPerTask} jobs of each
     * kind at once.
     */
    public static JobWorker start(
            DataSource pool, Duration pollInterval, Duration heartbeat, int threadsPerTask, List<JobTasks> kinds) {
        List<Task<?>> oneTime = new ArrayList<>();
        List<RecurringTask<?>> recurring = new ArrayList<>();
        int threads = 1;
        for (JobTasks k : kinds) {
            oneTime.addAll(k.oneTime());
            recurring.addAll(k.recurring());
            threads += k.oneTime().size() * threadsPerTask;
        }
        Scheduler scheduler = Scheduler.create(pool, oneTime)
                .startTasks(recurring)
                .tableName("mesh.scheduled_tasks")
                .schedulerName(new SchedulerName.Fixed(
                        host() + "-" + ProcessHandle.current().pid()))
                .threads(threads)
                .pollingInterval(pollInterval)
                .heartbeatInterval(heartbeat)
                .missedHeartbeatsLimit(4)
                .shutdownMaxWait(Duration.ofSeconds(5))
                .enableImmediateExecution()
                .build();
        scheduler.start();
        LOG.info("job worker started");
        return new JobWorker(scheduler, List.copyOf(kinds));
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    @Override
    public void close() {
        kinds.forEach(k -> k.stop().run());
        scheduler.stop();
    }
}
