package dev.meshrooms.desktop.ui.importbundle;

import dev.meshrooms.desktop.session.ImportCancelledException;
import dev.meshrooms.desktop.ui.common.ErrorMessage;
import java.io.UncheckedIOException;

/** What the window says about a failed import: the importer's own sentence, never a stack trace. */
public record ImportFailure(String title, String message, boolean cancelled) {

    public static ImportFailure of(Throwable e) {
        if (e instanceof ImportCancelledException) {
            return new ImportFailure("Import cancelled", e.getMessage(), true);
        }
        if (e instanceof UncheckedIOException) {
            return new ImportFailure("Could not read the bundle", e.getMessage(), false);
        }
        ErrorMessage message = ErrorMessage.of(e);
        return new ImportFailure(message.title(), message.sentence(), false);
    }
}
