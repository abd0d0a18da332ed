package dev.meshrooms.core.progress;

/** Receives progress from long work; the CLI draws a bar, the server streams events, the desktop samples it. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = p -> {};

    void onProgress(Progress progress);
}
