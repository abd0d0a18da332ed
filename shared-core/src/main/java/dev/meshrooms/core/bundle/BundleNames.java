package dev.meshrooms.core.bundle;

import java.util.UUID;
import java.util.regex.Pattern;

/** The entry names of a bundle and the rules for media keys. */
public final class BundleNames {
    public static final int FORMAT_VERSION = 1;
    public static final String METADATA = "metadata.json";
    public static final String DB_SQL = "db.sql";
    public static final String MEDIA_PREFIX = "media/";
    /** A media key: path segments of letters, digits, dot, dash and underscore; no "..", no leading dot or slash. */
    private static final Pattern KEY =
            Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}(/[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}){0,7}");

    private BundleNames() {}

    public static boolean isSafeMediaKey(String key) {
        return key != null && key.length() <= 512 && KEY.matcher(key).matches() && !key.contains("..");
    }

    public static String fileName(UUID roomId) {
        return "room_" + roomId + ".tar.zst";
    }
}
