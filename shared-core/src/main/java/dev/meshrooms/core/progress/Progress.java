package dev.meshrooms.core.progress;

/**
 * Where long work stands: its phase, items done of total (total -1 when unknown) and bytes done of total.
 * Phases of an import: verify, database, media, links, done; of an export: database, media, done.
 */
public record Progress(String phase, long done, long total, long bytesDone, long bytesTotal) {}
