package dev.meshrooms.core.billing;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.job.JobTasks;
import dev.meshrooms.core.usage.UsageHistory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports every paying room's metered usage to the payment provider, hour by hour, from its usage samples: a recurring
 * durable job (one run at a time across servers).
 *
 * <p>Per room and {@link Meter} a watermark says until when every hour has been sent. A run sends the known hours
 * after it (those a later sample closes), oldest first, each as one event whose identifier is derived from (room,
 * meter, hour) and whose amount depends only on the samples of that hour and the carry before it; after each event the
 * watermark moves, guarded by its old value. A run killed between an event and its watermark sends the same event
 * again next time, which the provider ignores as a repeat; a second reporter finds the watermark moved and stops.
 * Hours are never skipped: a run that cannot send an hour leaves the watermark before it.
 *
 * <p>Failures: a rate limit (429) is waited out with exponential backoff and jitter, a few times; an unavailable
 * provider (5xx and network failures after the client's own retries) ends the room's run, to be tried next run; a
 * refused request (an unknown customer or meter) marks the room — the instance admin sees it on {@code /admin/usage}
 * and reporting for it stops until it is linked again; a refused API key ends the whole run.
 */
public final class UsageReporter {
    private static final Logger LOG = LoggerFactory.getLogger(UsageReporter.class);
    /** The db-scheduler task's name. */
    public static final String TASK = "usage-report";
    /** The provider takes events of the past 35 days; older hours are given up (logged), a day's margin kept. */
    static final Duration ACCEPTED_AGE = Duration.ofDays(34);
    /** Tries of one event while the provider rate-limits. */
    static final int RATE_LIMIT_TRIES = 6;

    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(16);
    /** Samples read for one room and meter in one run (35 days of 15-minute samples and some). */
    static final int SAMPLES_PER_RUN = 4_000;
    /** How long handled webhook event ids are kept (Stripe redelivers for up to three days). */
    static final Duration EVENTS_KEPT = Duration.ofDays(30);
    /** Customers reported at once (the provider takes one call per customer and meter at a time). */
    public static final int DEFAULT_THREADS = 8;

    private final BillingLedger ledger;
    private final UsageHistory history;
    private final PaymentProvider provider;
    private final BillingSettings settings;
    private final int threads;
    private final Sleeper sleeper;
    private final AtomicReference<Run> last = new AtomicReference<>();

    /** How the reporter waits before sending again (tests make it instant). */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** What one run did. */
    public record Run(Instant at, int rooms, long events, int failed, long millis, String error) {}

    public UsageReporter(
            BillingLedger ledger,
            UsageHistory history,
            PaymentProvider provider,
            BillingSettings settings,
            int threads,
            Sleeper sleeper) {
        this.ledger = ledger;
        this.history = history;
        this.provider = provider;
        this.settings = settings;
        this.threads = threads;
        this.sleeper = sleeper;
    }

    public UsageReporter(BillingLedger ledger, UsageHistory history, PaymentProvider provider, BillingSettings s) {
        this(ledger, history, provider, s, DEFAULT_THREADS, d -> Thread.sleep(d.toMillis()));
    }

    /** The recurring task: a run every interval, across all servers one at a time. */
    public JobTasks prepareWorker() {
        RecurringTask<Void> report = Tasks.recurring(TASK, Schedules.fixedDelay(settings.reportInterval()))
                .execute((instance, context) -> reportAll(Instant.now()));
        return new JobTasks(List.of(), List.of(report), () -> {});
    }

    /** The last run, or null before the first. */
    public Run lastRun() {
        return last.get();
    }

    /** Shows the reporter's health in this registry ({@code /metrics}). */
    public UsageReporter withMetrics(MeterRegistry registry) {
        if (registry != null) {
            gauge(
                    registry,
                    "mesh.billing.reporter.last.run",
                    "seconds",
                    "when the usage reporter last ran (Unix time)",
                    r -> r.at().getEpochSecond());
            gauge(
                    registry,
                    "mesh.billing.reporter.duration",
                    "seconds",
                    "how long its last run took",
                    r -> r.millis() / 1000.0);
            gauge(registry, "mesh.billing.reporter.events", null, "meter events its last run sent", Run::events);
            gauge(registry, "mesh.billing.reporter.failed", null, "rooms its last run could not report", Run::failed);
        }
        return this;
    }

    private void gauge(
            MeterRegistry registry,
            String name,
            String unit,
            String help,
            java.util.function.ToDoubleFunction<Run> value) {
        Gauge.builder(name, last, l -> l.get() == null ? Double.NaN : value.applyAsDouble(l.get()))
                .baseUnit(unit)
                .description(help)
                .register(registry);
    }

    /** Reports every paying room's known hours now. */
    public Run reportAll(Instant now) {
        long started = System.nanoTime();
        // Stripe retries a delivery for three days: ids older than that cannot come back
        ledger.forgetEventsBefore(now.minus(EVENTS_KEPT));
        Map<String, List<BillingLedger.BilledRoom>> byCustomer = new LinkedHashMap<>();
        for (BillingLedger.BilledRoom room : ledger.billedRooms()) {
            byCustomer.computeIfAbsent(room.customer(), k -> new ArrayList<>()).add(room);
        }
        AtomicLong events = new AtomicLong();
        AtomicInteger failed = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> runError = new AtomicReference<>();
        int rooms = byCustomer.values().stream().mapToInt(List::size).sum();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, byCustomer.size())), r -> {
            Thread t = new Thread(r, "usage-report");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> work = new ArrayList<>();
            for (List<BillingLedger.BilledRoom> customerRooms : byCustomer.values()) {
                work.add(pool.submit(() -> {
                    for (BillingLedger.BilledRoom room : customerRooms) {
                        if (stop.get()) {
                            return;
                        }
                        try {
                            events.addAndGet(reportRoom(room, now));
                        } catch (MeshException e) {
                            failed.incrementAndGet();
                            if (e.code() == ErrorCode.BILLING_REFUSED) {
                                LOG.warn(
                                        "usage of room {} not reported, reporting stopped for it: {}",
                                        room.slug(),
                                        e.getMessage());
                                ledger.markError(room.roomId(), e.getMessage(), Instant.now());
                            } else if (e.code() == ErrorCode.CONFIGURATION) {
                                LOG.error("usage reporting stopped: {}", e.getMessage());
                                runError.set(e.getMessage());
                                stop.set(true);
                            } else {
                                // rate limited or unavailable after retries: the customer's other rooms wait too
                                LOG.warn("usage of room {} not reported this time: {}", room.slug(), e.getMessage());
                                return;
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            stop.set(true);
                            return;
                        }
                    }
                }));
            }
            for (Future<?> f : work) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    failed.incrementAndGet();
                    LOG.warn("usage reporting of a customer failed", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop.set(true);
                    break;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Run run = new Run(
                now, rooms, events.get(), failed.get(), (System.nanoTime() - started) / 1_000_000, runError.get());
        last.set(run);
        LOG.info(
                "usage reported: {} events for {} rooms in {} ms ({} not reported)",
                run.events(),
                rooms,
                run.millis(),
                run.failed());
        return run;
    }

    /** Sends one room's known hours for each meter; returns the events sent. */
    long reportRoom(BillingLedger.BilledRoom room, Instant now) throws InterruptedException {
        Instant start = MeteredHour.hourOf(room.linkedAt());
        long sent = 0;
        String subscription = room.subscription();
        for (Meter meter : Meter.values()) {
            java.util.Optional<BillingLedger.Watermark> found =
                    ledger.watermark(room.roomId(), meter, subscription, start);
            if (found.isEmpty()) {
                LOG.info(
                        "room {}: its subscription changed meanwhile; the next run reports under the new one",
                        room.slug());
                return sent;
            }
            BillingLedger.Watermark at = found.get();
            Instant oldest = MeteredHour.hourOf(now.minus(ACCEPTED_AGE));
            if (at.until().isBefore(oldest)) {
                LOG.warn(
                        "room {}: {} from {} to {} was not reported and is given up: the provider takes events of"
                                + " the last 35 days only",
                        room.slug(),
                        meter.eventName(),
                        at.until(),
                        oldest);
                BillingLedger.Watermark skipped = new BillingLedger.Watermark(oldest, 0);
                if (!ledger.advance(room.roomId(), meter, subscription, at, skipped)) {
                    continue;
                }
                at = skipped;
            }
            List<MeteredHour> hours =
                    MeteredHour.known(history.since(room.roomId(), at.until(), SAMPLES_PER_RUN), at.until());
            BillingLedger.Watermark reached = at;
            double carry = at.carry();
            for (MeteredHour hour : hours) {
                double total = meter.amount(hour) + carry;
                long value = (long) Math.floor(total);
                carry = total - value;
                reached = new BillingLedger.Watermark(hour.end(), carry);
                if (value > 0) {
                    send(new PaymentProvider.UsageEvent(
                            meter, room.customer(), value, hour.start(), identifier(room, meter, hour)));
                    sent++;
                    if (!ledger.advance(room.roomId(), meter, subscription, at, reached)) {
                        LOG.info(
                                "room {}: {} was reported by another server meanwhile", room.slug(), meter.eventName());
                        break;
                    }
                    at = reached;
                }
            }
            if (reached != at) {
                ledger.advance(room.roomId(), meter, subscription, at, reached);
            }
        }
        return sent;
    }

    /** The event's identifier: the same (room, meter, hour) always gives the same one. */
    static String identifier(BillingLedger.BilledRoom room, Meter meter, MeteredHour hour) {
        return "mesh-" + room.roomId() + "-" + meter.eventName() + "-"
                + hour.start().getEpochSecond() / 3600;
    }

    private void send(PaymentProvider.UsageEvent event) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                provider.report(event);
                return;
            } catch (MeshException e) {
                if (e.code() != ErrorCode.TOO_MANY_REQUESTS || attempt == RATE_LIMIT_TRIES) {
                    throw e;
                }
                sleeper.sleep(backoff(attempt));
            }
        }
    }

    /** Exponential, capped, with full jitter over its upper half (as the provider advises for 429s). */
    static Duration backoff(int attempt) {
        long ceiling = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }
}
