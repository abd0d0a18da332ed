package dev.meshrooms.core.bundle;

import java.util.UUID;

/** The entry names of a bundle and the rules for media keys. */
public final class BundleNames {
    public static final int FORMAT_VERSION = 1;
    public static final String METADATA = "metadata.json";
    public static final String DB_SQL = "db.sql";
    public static final String MEDIA_PREFIX = "media/";
    /** The longest path segment of a media key, in characters. */
    private static final int SEGMENT_LENGTH = 128;
    /** The most path segments a media key may have. */
    private static final int SEGMENTS = 8;
    /** The longest media key, in characters. */
    private static final int KEY_LENGTH = 512;

    private BundleNames() {}

    /**
     * A media key: 1 to {@value #SEGMENTS} path segments joined by "/", each 1 to {@value #SEGMENT_LENGTH} of ASCII
     * letters, digits, dot, dash and underscore, not starting with a dot; no "..", at most {@value #KEY_LENGTH}
     * characters. Checked a character at a time: an import asks it of every media entry.
     */
    public static boolean isSafeMediaKey(String key) {
        if (key == null || key.isEmpty() || key.length() > KEY_LENGTH || key.contains("..")) {
            return false;
        }
        int segments = 0;
        int length = 0;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '/') {
                if (length == 0) {
                    return false; // a leading slash or an empty segment
                }
                length = 0;
            } else if (!isKeyCharacter(c)
                    || (length == 0 && (c == '.' || ++segments > SEGMENTS))
                    || ++length > SEGMENT_LENGTH) {
                return false;
            }
        }
        return length > 0; // no trailing slash
    }

    private static boolean isKeyCharacter(char c) {
        return isAsciiLetterOrDigit(c) || c == '.' || c == '-' || c == '_';
    }

    /** An ASCII letter: the names in a bundle are ASCII, whatever {@link Character#isLetter} says of others. */
    static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isAsciiLetterOrDigit(char c) {
        return isAsciiLetter(c) || (c >= '0' && c <= '9');
    }

    public static String fileName(UUID roomId) {
        return "room_" + roomId + ".tar.zst";
    }
}
