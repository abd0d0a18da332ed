package dev.meshrooms.lite.http.usage;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.Room;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Every room's latest usage with its name, in the order asked for: the rows of the API and of the admin page. */
public final class UsageRows {
    /** What the rows can be sorted by, as the {@code sort} parameter names it. */
    public enum Sort {
        STORAGE("storage", Comparator.comparingLong(UsageJson.RoomUsage::storageBytes)),
        MEDIA("media", Comparator.comparingLong(UsageJson.RoomUsage::mediaBytes)),
        DB("db", Comparator.comparingLong(UsageJson.RoomUsage::dbBytes)),
        MESSAGES("messages", Comparator.comparingLong(UsageJson.RoomUsage::messages)),
        SHARD_HOURS("shardHours", Comparator.comparingDouble(UsageJson.RoomUsage::shardHours)),
        ROOM("room", Comparator.comparing(UsageJson.RoomUsage::slug));

        final String param;
        final Comparator<UsageJson.RoomUsage> order;

        Sort(String param, Comparator<UsageJson.RoomUsage> order) {
            this.param = param;
            this.order = order;
        }

        public String param() {
            return param;
        }

        static Sort of(String param) {
            for (Sort s : values()) {
                if (s.param.equals(param)) {
                    return s;
                }
            }
            throw MeshException.invalid(
                    "sort", "is " + param + "; use storage, media, db, messages, shardHours or room");
        }
    }

    private UsageRows() {}

    /**
     * @param sort  a {@link Sort} parameter (null: storage)
     * @param order {@code asc} or {@code desc} (null: descending, ascending for the room's name)
     */
    public static List<UsageJson.RoomUsage> of(MeshCore core, String sort, String order) {
        Sort by = sort == null ? Sort.STORAGE : Sort.of(sort);
        boolean ascending = switch (order == null ? (by == Sort.ROOM ? "asc" : "desc") : order) {
            case "asc" -> true;
            case "desc" -> false;
            default -> throw MeshException.invalid("order", "is " + order + "; use asc or desc");
        };
        Map<UUID, Room> rooms = new HashMap<>();
        core.rooms().list().forEach(r -> rooms.put(r.id(), r));
        return core.usage().latest().stream()
                .filter(s -> rooms.containsKey(s.roomId()))
                .map(s -> UsageJson.RoomUsage.of(rooms.get(s.roomId()), s))
                .sorted(ascending ? by.order : by.order.reversed())
                .toList();
    }
}
