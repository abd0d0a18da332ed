package dev.meshrooms.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Sizes and knobs of {@link BundleBench}, with the reference room as defaults. Each can be given as
 * {@code --name=value} or as the system property {@code bundlebench.name}.
 *
 * @param messages      signed messages in the reference room
 * @param users         authors (and members) of the room
 * @param media         media objects, each with a row in the room's media table
 * @param mediaBytes    total size of the media objects (random bytes, ~mediaBytes/media each)
 * @param runs          export/import rounds; the report shows medians
 * @param uploadThreads threads putting the reference media and the standard tools' media copy
 * @param childHeap     -Xmx of the child JVMs running our export and import (and the put loop)
 * @param workDir       bundles, dumps, the materialised media and the S3 store's files
 * @param keep          keep workDir afterwards
 * @param seed          seed of the generated room
 */
record BundleBenchOptions(
        int messages,
        int users,
        int media,
        long mediaBytes,
        int runs,
        int uploadThreads,
        String childHeap,
        Path workDir,
        boolean keep,
        long seed) {
    static final int MESSAGES = 1_000_000;
    static final int USERS = 1_000;
    static final int MEDIA = 20_000;
    static final long MEDIA_BYTES = 1_000_000_000L;
    static final int RUNS = 1;
    /** Same as the importer's media upload threads, so both sides upload with the same parallelism. */
    static final int UPLOAD_THREADS = 4;
    /** The goal: export and import within 256 MB of heap. */
    static final String CHILD_HEAP = "256m";

    static final String WORK_DIR = "target/bundlebench";
    static final long DEFAULT_RANDOM = 20260301L;

    static BundleBenchOptions parse(String[] args) {
        Map<String, String> given = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("expected --name=value, got \"" + arg + "\"");
            }
            given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        Values v = new Values(given);
        return new BundleBenchOptions(
                        (int) v.number("messages", MESSAGES),
                        (int) v.number("users", USERS),
                        (int) v.number("media", MEDIA),
                        v.number("mediaBytes", MEDIA_BYTES),
                        (int) v.number("runs", RUNS),
                        (int) v.number("uploadThreads", UPLOAD_THREADS),
                        v.text("childHeap", CHILD_HEAP),
                        Path.of(v.text("workDir", WORK_DIR)).toAbsolutePath(),
                        Boolean.parseBoolean(v.text("keep", "false")),
                        v.number("random", DEFAULT_RANDOM))
                .validate();
    }

    BundleBenchOptions validate() {
        require(messages >= 1, "messages", "at least 1");
        require(users >= 1 && users <= messages, "users", "between 1 and messages");
        require(media >= 0 && media <= messages, "media", "between 0 and messages (each belongs to a message)");
        require(mediaBytes >= media, "mediaBytes", "at least one byte per media object");
        require(mediaBytes / Math.max(1, media) <= 64L << 20, "mediaBytes", "at most 64 MiB per media object");
        require(runs >= 1, "runs", "at least 1");
        require(uploadThreads >= 1, "uploadThreads", "at least 1");
        require(childHeap.matches("[1-9][0-9]*[mMgG]"), "childHeap", "a heap size like 256m or 1g");
        return this;
    }

    private static void require(boolean ok, String name, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("bundlebench." + name + ": must be " + rule);
        }
    }

    String describe() {
        return String.format(
                "%,d messages, %,d users, %,d media (%s requested)", messages, users, media, Sizes.human(mediaBytes));
    }

    private record Values(Map<String, String> given) {
        String text(String name, String fallback) {
            String value = given.get(name);
            if (value == null || value.isBlank()) {
                value = System.getProperty("bundlebench." + name);
            }
            return value == null || value.isBlank() ? fallback : value.strip();
        }

        long number(String name, long fallback) {
            String value = text(name, null);
            try {
                return value == null ? fallback : Long.parseLong(value.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bundlebench." + name + ": not a number: \"" + value + "\"");
            }
        }
    }
}
