package dev.meshrooms.core.usage;

import java.util.List;

/**
 * Where the sampler publishes rooms' figures beside its own table (CloudWatch custom metrics), for rooms with a shard
 * of their own. A failure is the publisher's to report; it never fails a sampler run.
 */
public interface UsagePublisher {
    void publish(List<UsageSample> samples);
}
