package dev.meshrooms.core.shard.aws;

import dev.meshrooms.core.shard.RoomDashboards;
import dev.meshrooms.core.usage.UsagePublisher;
import dev.meshrooms.core.usage.UsageSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.DashboardNotFoundErrorException;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * Rooms on CloudWatch: each room with a shard gets a dashboard {@code mesh-room-<id>} with its bucket's S3 storage
 * metrics ({@code AWS/S3} {@code BucketSizeBytes} and {@code NumberOfObjects}, which S3 reports daily) and the room's
 * own figures, which the usage sampler publishes in namespace {@value #NAMESPACE} with dimension {@code RoomId}.
 */
public final class CloudWatchRooms implements RoomDashboards, UsagePublisher {
    private static final Logger LOG = LoggerFactory.getLogger(CloudWatchRooms.class);
    public static final String NAMESPACE = "Mesh/Rooms";
    /** Metric data in one PutMetricData request (CloudWatch takes up to 1,000 and 1 MB). */
    static final int DATA_PER_REQUEST = 500;

    private final Supplier<CloudWatchClient> client;
    private final String region;

    public CloudWatchRooms(CloudWatchClient client, String region) {
        this(() -> client, region);
    }

    /** @param client the client, asked for at each call (built at the first) */
    public CloudWatchRooms(Supplier<CloudWatchClient> client, String region) {
        this.client = client;
        this.region = region;
    }

    @Override
    public void put(UUID roomId, String bucket) {
        client.get()
                .putDashboard(
                        b -> b.dashboardName(RoomDashboards.nameOf(roomId)).dashboardBody(body(roomId, bucket)));
    }

    @Override
    public void delete(UUID roomId) {
        try {
            client.get().deleteDashboards(b -> b.dashboardNames(RoomDashboards.nameOf(roomId)));
        } catch (DashboardNotFoundErrorException | ResourceNotFoundException e) {
            // gone already: a re-centralise that stopped half-way and runs again
        }
    }

    @Override
    public void publish(List<UsageSample> samples) {
        List<MetricDatum> data = new ArrayList<>();
        for (UsageSample s : samples) {
            if (!s.sharded()) {
                continue;
            }
            Dimension room = Dimension.builder()
                    .name("RoomId")
                    .value(s.roomId().toString())
                    .build();
            Instant at = s.sampledAt();
            data.add(datum("StorageBytes", room, at, s.storageBytes(), StandardUnit.BYTES));
            data.add(datum("MediaBytes", room, at, s.mediaBytes(), StandardUnit.BYTES));
            data.add(datum("DatabaseBytes", room, at, s.dbBytes(), StandardUnit.BYTES));
            data.add(datum("MediaObjects", room, at, s.mediaObjects(), StandardUnit.COUNT));
            data.add(datum("Messages", room, at, s.messages(), StandardUnit.COUNT));
            data.add(datum("ShardHours", room, at, s.shardHours(), StandardUnit.NONE));
        }
        for (int i = 0; i < data.size(); i += DATA_PER_REQUEST) {
            List<MetricDatum> batch = data.subList(i, Math.min(data.size(), i + DATA_PER_REQUEST));
            try {
                client.get().putMetricData(b -> b.namespace(NAMESPACE).metricData(batch));
            } catch (SdkException e) {
                LOG.warn("rooms' usage not published to CloudWatch ({} figures): {}", batch.size(), e.getMessage());
            }
        }
    }

    private static MetricDatum datum(String name, Dimension room, Instant at, double value, StandardUnit unit) {
        return MetricDatum.builder()
                .metricName(name)
                .dimensions(room)
                .timestamp(at)
                .value(value)
                .unit(unit)
                .build();
    }

    /** The dashboard: the bucket's size and objects as S3 reports them, and the room's own figures. */
    String body(UUID roomId, String bucket) {
        String room = roomId.toString();
        return String.format(Locale.ROOT, """
                {"widgets": [
                  {"type": "metric", "x": 0, "y": 0, "width": 12, "height": 6, "properties": {
                    "title": "Bucket size (S3, daily)", "region": "%1$s", "stat": "Average", "period": 86400,
                    "metrics": [["AWS/S3", "BucketSizeBytes", "BucketName", "%2$s", "StorageType", "StandardStorage"]]}},
                  {"type": "metric", "x": 12, "y": 0, "width": 12, "height": 6, "properties": {
                    "title": "Objects (S3, daily)", "region": "%1$s", "stat": "Average", "period": 86400,
                    "metrics": [["AWS/S3", "NumberOfObjects", "BucketName", "%2$s", "StorageType", "AllStorageTypes"]]}},
                  {"type": "metric", "x": 0, "y": 6, "width": 12, "height": 6, "properties": {
                    "title": "Rows and media (Mesh)", "region": "%1$s", "stat": "Maximum", "period": 900,
                    "metrics": [["%3$s", "StorageBytes", "RoomId", "%4$s"], ["%3$s", "DatabaseBytes", "RoomId", "%4$s"],
                                ["%3$s", "MediaBytes", "RoomId", "%4$s"]]}},
                  {"type": "metric", "x": 12, "y": 6, "width": 12, "height": 6, "properties": {
                    "title": "Messages (Mesh)", "region": "%1$s", "stat": "Maximum", "period": 900,
                    "metrics": [["%3$s", "Messages", "RoomId", "%4$s"]]}}
                ]}""", region, bucket, NAMESPACE, room);
    }
}
