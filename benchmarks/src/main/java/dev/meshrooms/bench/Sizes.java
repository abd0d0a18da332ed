package dev.meshrooms.bench;

/** Byte counts and durations as people read them. */
final class Sizes {
    private Sizes() {}

    static String human(long bytes) {
        if (bytes < 0) {
            return "-";
        }
        if (bytes < 1_000) {
            return bytes + " B";
        }
        if (bytes < 1_000_000) {
            return String.format("%.1f kB", bytes / 1e3);
        }
        if (bytes < 1_000_000_000) {
            return String.format("%.1f MB", bytes / 1e6);
        }
        return String.format("%.2f GB", bytes / 1e9);
    }

    /** Heap figures in MiB, the unit of -Xmx256m. */
    static String mib(long bytes) {
        return bytes < 0 ? "-" : String.format("%.0f MiB", bytes / 1048576.0);
    }

    static String seconds(double s) {
        return s < 0 || Double.isNaN(s) ? "-" : String.format("%.1f s", s);
    }
}
