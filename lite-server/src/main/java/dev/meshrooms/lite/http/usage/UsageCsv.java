package dev.meshrooms.lite.http.usage;

import dev.meshrooms.core.usage.UsageSample;
import java.util.List;

/**
 * Usage as CSV (RFC 4180: comma-separated, CRLF line ends, fields with a comma, quote or line break quoted). A room's
 * name is its members' text: one starting with {@code = + - @} or a tab is prefixed with {@code '}, so a spreadsheet
 * shows it instead of running it as a formula.
 */
final class UsageCsv {
    private UsageCsv() {}

    static String samples(List<UsageSample> samples) {
        StringBuilder out = new StringBuilder(
                "sampled_at,sharded,storage_bytes,media_bytes,media_objects,db_bytes,messages,shard_hours\r\n");
        for (UsageSample s : samples) {
            UsageJson j = UsageJson.of(s);
            out.append(j.sampledAt())
                    .append(',')
                    .append(j.sharded())
                    .append(',')
                    .append(j.storageBytes())
                    .append(',')
                    .append(j.mediaBytes())
                    .append(',')
                    .append(j.mediaObjects())
                    .append(',')
                    .append(j.dbBytes())
                    .append(',')
                    .append(j.messages())
                    .append(',')
                    .append(j.shardHours())
                    .append("\r\n");
        }
        return out.toString();
    }

    static String rooms(List<UsageJson.RoomUsage> rows) {
        StringBuilder out = new StringBuilder("room_id,slug,name,sampled_at,sharded,storage_bytes,media_bytes,"
                + "media_objects,db_bytes,messages,shard_hours\r\n");
        for (UsageJson.RoomUsage r : rows) {
            out.append(r.roomId())
                    .append(',')
                    .append(field(r.slug()))
                    .append(',')
                    .append(field(r.name()))
                    .append(',')
                    .append(r.sampledAt())
                    .append(',')
                    .append(r.sharded())
                    .append(',')
                    .append(r.storageBytes())
                    .append(',')
                    .append(r.mediaBytes())
                    .append(',')
                    .append(r.mediaObjects())
                    .append(',')
                    .append(r.dbBytes())
                    .append(',')
                    .append(r.messages())
                    .append(',')
                    .append(r.shardHours())
                    .append("\r\n");
        }
        return out.toString();
    }

    static String field(String text) {
        String value = text == null ? "" : text;
        if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            value = "'" + value;
        }
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            value = "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
