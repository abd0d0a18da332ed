package dev.meshrooms.desktop.ui.common;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What a window says about a failure: a title and the failure's own sentence (what failed, where, what to do), never a
 * stack trace. A {@link MeshException} brings both; anything else is named by its kind and sent to the log.
 */
public record ErrorMessage(String title, String sentence) {

    public static ErrorMessage of(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof MeshException mesh) {
            return new ErrorMessage(mesh.code().title(), mesh.getMessage());
        }
        if (e instanceof CancellationException) {
            return new ErrorMessage(
                    ErrorCode.CANCELLED.title(), "Stopped before it finished; nothing was left half-made.");
        }
        if (e instanceof UncheckedIOException || e instanceof IOException) {
            return new ErrorMessage("Could not read or write a file", e.getMessage());
        }
        return new ErrorMessage(
                ErrorCode.INTERNAL.title(),
                "Something unexpected went wrong ("
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                        + "); the log (the Logs button) has the details.");
    }

    /** For a status line: "Title: sentence". */
    public String line() {
        return title + ": " + sentence;
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
