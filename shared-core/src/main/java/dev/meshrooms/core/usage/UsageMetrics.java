package dev.meshrooms.core.usage;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * Each room's latest sample as gauges labelled with its id (one series per room and figure, replaced at every run:
 * rooms removed since drop out), and the sampler's own health: when it last ran, how long it took, how many rooms it
 * could not reach.
 */
final class UsageMetrics {
    private final MultiGauge storage;
    private final MultiGauge media;
    private final MultiGauge objects;
    private final MultiGauge database;
    private final MultiGauge messages;
    private final MultiGauge shardHours;
    private final MultiGauge limitState;
    private final AtomicReference<UsageSampler.Run> last = new AtomicReference<>();

    UsageMetrics(MeterRegistry registry) {
        storage = gauge(registry, "mesh.room.storage", "bytes", "a room's rows and media");
        media = gauge(registry, "mesh.room.media", "bytes", "a room's media");
        objects = gauge(registry, "mesh.room.media.objects", null, "a room's media objects");
        database = gauge(registry, "mesh.room.database", "bytes", "a room's rows with their indexes");
        messages = gauge(registry, "mesh.room.messages", null, "a room's messages");
        shardHours = gauge(registry, "mesh.room.shard", "hours", "how long a room has had its own shard");
        limitState = gauge(
                registry, "mesh.room.limit.state", null, "a room against its free tier: 0 within, 1 near, 2 over");
        run(
                registry,
                "mesh.usage.sampler.last.run",
                "seconds",
                "when the usage sampler last ran (Unix time)",
                r -> r.at().getEpochSecond());
        run(registry, "mesh.usage.sampler.duration", "seconds", "how long its last run took", r -> r.millis() / 1000.0);
        run(registry, "mesh.usage.sampler.rooms", null, "rooms its last run sampled", UsageSampler.Run::rooms);
        run(registry, "mesh.usage.sampler.failed", null, "rooms its last run could not reach", r -> r.failed());
    }

    void update(List<UsageSample> samples, java.util.Map<java.util.UUID, LimitState> states, UsageSampler.Run run) {
        set(storage, samples, UsageSample::storageBytes);
        set(media, samples, UsageSample::mediaBytes);
        set(objects, samples, UsageSample::mediaObjects);
        set(database, samples, UsageSample::dbBytes);
        set(messages, samples, UsageSample::messages);
        set(shardHours, samples, UsageSample::shardHours);
        set(
                limitState,
                samples,
                s -> states.getOrDefault(s.roomId(), LimitState.WITHIN).ordinal());
        last.set(run);
    }

    private static void set(MultiGauge gauge, List<UsageSample> samples, ToDoubleFunction<UsageSample> value) {
        gauge.register(
                samples.stream()
                        .map(s ->
                                MultiGauge.Row.of(Tags.of("room_id", s.roomId().toString()), value.applyAsDouble(s)))
                        .toList(),
                true);
    }

    private static MultiGauge gauge(MeterRegistry registry, String name, String unit, String help) {
        return MultiGauge.builder(name).baseUnit(unit).description(help).register(registry);
    }

    private void run(
            MeterRegistry registry, String name, String unit, String help, ToDoubleFunction<UsageSampler.Run> value) {
        Gauge.builder(name, last, l -> l.get() == null ? Double.NaN : value.applyAsDouble(l.get()))
                .baseUnit(unit)
                .description(help)
                .register(registry);
    }
}
