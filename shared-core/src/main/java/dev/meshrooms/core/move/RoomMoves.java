package dev.meshrooms.core.move;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.media.MediaStore;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.RoomIds;
import dev.meshrooms.core.model.RoomState;
import dev.meshrooms.core.model.ShardLocation;
import dev.meshrooms.core.routing.ConnectionPools;
import dev.meshrooms.core.routing.RoomStores;
import dev.meshrooms.core.shard.ShardProvisioner;
import dev.meshrooms.core.store.RoomStore;
import dev.meshrooms.core.usage.RoomLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decentralising and re-centralising rooms, online. A request records a job and schedules it on db-scheduler in the
 * global database; whichever process runs a job worker ({@link #prepareWorker}) picks it up, and if that process dies, the
 * scheduler hands the job to a live one after four missed heartbeats, where it resumes from its checkpoints.
 */
public final class RoomMoves {
    static final String TASK = "room-move";
    static final String SWEEP = "room-move-sweep";
    private static final Logger LOG = LoggerFactory.getLogger(RoomMoves.class);
    private final RoomLimits limits;
    private final ConnectionPools pools;
    private final RoomStores stores;
    private final MediaStore store;
    private final String sharedBucket;
    private final Supplier<ShardProvisioner> provisioner;
    private final MoveJobs jobs;
    private final ObjectMapper json;
    private final Duration fenceBudget;
    private final OneTimeTask<Void> task;
    private final SchedulerClient client;
    private RoomMoveRunner runner;

    /** @param fenceBudget the longest a move may hold a room's write fence in one attempt */
    public RoomMoves(
            ConnectionPools pools,
            RoomStores stores,
            MediaStore store,
            String sharedBucket,
            Supplier<ShardProvisioner> provisioner,
            ObjectMapper json,
            Duration fenceBudget,
            RoomLimits limits) {
        this.limits = limits;
        this.pools = pools;
        this.stores = stores;
        this.store = store;
        this.sharedBucket = sharedBucket;
        this.provisioner = provisioner;
        this.jobs = new MoveJobs(pools.global(), json);
        this.json = json;
        this.fenceBudget = fenceBudget;
        this.task = Tasks.oneTime(TASK)
                .onDeadExecutionRevive()
                .execute((instance, ctx) -> runner().run(UUID.fromString(instance.getId())));
        this.client = SchedulerClient.Builder.create(pools.global(), task)
                .tableName("mesh.scheduled_tasks")
                .build();
    }

    /** Starts moving a room into a shard of its own; CONFLICT when it has one already or a move is under way. */
    public MoveStatus decentralise(Room room) {
        if (room.isSharded()) {
            throw new MeshException(
                    ErrorCode.CONFLICT,
                    "Room " + room.slug() + " is already decentralised (schema " + room.shardSchema()
                            + "); re-centralise it first to move it again.");
        }
        if (limits.tier().enforced()) {
            RoomStore data = stores.forRoom(room);
            limits.admitDecentralise(room, data.rowBytes() + data.mediaBytes());
        }
        return start(room, MoveDirection.DECENTRALISE, null);
    }

    /** Starts moving a sharded room back into the global schema and bucket, then deprovisions its shard. */
    public MoveStatus recentralise(Room room) {
        if (!room.isSharded()) {
            throw new MeshException(
                    ErrorCode.CONFLICT, "Room " + room.slug() + " is not decentralised; nothing to move back.");
        }
        // the provisioner's own record of the shard (what it applied: key, policy, tags) when a decentralise made it
        ShardLocation location = jobs.shardOf(room.id())
                .orElseGet(() -> new ShardLocation(
                        room.id(),
                        room.shardUrl(),
                        RoomIds.shardSchema(room.id()),
                        RoomIds.shardRole(room.id()),
                        room.mediaBucket() != null ? room.mediaBucket() : sharedBucket,
                        room.kmsKeyArn(),
                        Set.of()));
        return start(room, MoveDirection.RECENTRALISE, location);
    }

    private MoveStatus start(Room room, MoveDirection direction, ShardLocation location) {
        if (room.state() != RoomState.ACTIVE && room.state() != RoomState.MIGRATING) {
            throw new MeshException(
                    ErrorCode.CONFLICT,
                    "Room " + room.slug() + " is " + room.state().dbValue() + "; try again when it is active.");
        }
        Optional<MoveJob> last = jobs.latest(room.id());
        MoveJob job;
        if (last.isPresent() && last.get().running()) {
            throw new MeshException(
                    ErrorCode.CONFLICT,
                    "Room " + room.slug() + " is already being moved (job "
                            + last.get().id() + ", phase " + last.get().phase() + "); follow it at /api/room/"
                            + room.id() + "/decentralise/status.");
        } else if (last.isPresent()
                && last.get().state() == JobState.FAILED
                && last.get().direction() == direction) {
            job = jobs.restart(last.get().id()); // Retry: resume the failed job from its checkpoints
        } else {
            job = jobs.create(room.id(), direction, location);
        }
        schedule(job.id());
        return MoveStatus.of(job, Instant.now());
    }

    private void schedule(UUID jobId) {
        client.scheduleIfNotExists(task.instance(jobId.toString()), Instant.now());
    }

    /** Every room whose latest move did not succeed (running, or failed and not retried), by room. */
    public java.util.Map<UUID, MoveStatus> unfinished() {
        Instant now = Instant.now();
        java.util.Map<UUID, MoveStatus> moves = new java.util.HashMap<>();
        for (MoveJob job : jobs.unfinished()) {
            moves.put(job.roomId(), MoveStatus.of(job, now));
        }
        return moves;
    }

    /** The room's latest move, if it ever had one. */
    public Optional<MoveStatus> status(UUID roomId) {
        return jobs.latest(roomId).map(j -> MoveStatus.of(j, Instant.now()));
    }

    /**
     * Prepares this process to run moves (the server does; one-shot CLI commands do not): the tasks the process's
     * {@link dev.meshrooms.core.job.JobWorker} runs.
     */
    public synchronized dev.meshrooms.core.job.JobTasks prepareWorker(MoveSettings settings) {
        // the runner records its progress on the move pool: a move never waits for a connection requests hold
        runner = new RoomMoveRunner(
                new MoveJobs(pools.forMoves(null), json),
                pools,
                stores,
                store,
                sharedBucket,
                provisioner,
                settings.validate(),
                fenceBudget);
        RecurringTask<Void> sweep =
                Tasks.recurring(SWEEP, FixedDelay.of(Duration.ofSeconds(10))).execute((i, c) -> sweep());
        sweep();
        return new dev.meshrooms.core.job.JobTasks(List.of(task), List.of(sweep), runner::stop);
    }

    /** Reschedules running jobs that lost their scheduled execution (a process died between recording and scheduling). */
    private void sweep() {
        for (UUID id : jobs.unscheduled(TASK)) {
            LOG.info("rescheduling room move job {}", id);
            schedule(id);
        }
    }

    private synchronized RoomMoveRunner runner() {
        if (runner == null) {
            throw new MeshException(
                    ErrorCode.CONFLICT,
                    "moves run in the server: this process (a command attached to its"
                            + " data) has no move worker; start the move from the server's page or API");
        }
        return runner;
    }
}
