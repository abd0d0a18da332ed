package dev.meshrooms.core.job;

import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import java.util.List;

/**
 * What one kind of durable job runs on the {@link JobWorker}: its one-time tasks, its recurring ones (sweeps), and
 * what stops its running jobs when the process shuts down.
 */
public record JobTasks(List<Task<?>> oneTime, List<RecurringTask<?>> recurring, Runnable stop) {}
