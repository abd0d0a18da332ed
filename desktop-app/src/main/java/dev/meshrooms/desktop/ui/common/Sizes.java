package dev.meshrooms.desktop.ui.common;

import java.util.Locale;

/** Counts and durations as people read them (byte counts: {@link dev.meshrooms.core.io.ByteSizes}). */
public final class Sizes {
    private Sizes() {}

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    public static String seconds(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }
}
