package dev.meshrooms.desktop.ui.importbundle;

import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.desktop.session.ImportCancelledException;
import java.io.UncheckedIOException;

/** What the window says about a failed import: the importer's own sentence, never a stack trace. */
public record ImportFailure(String title, String message, boolean cancelled) {

    public static ImportFailure of(Throwable e) {
        if (e instanceof ImportCancelledException) {
            return new ImportFailure("Import cancelled", e.getMessage(), true);
        }
        if (e instanceof MeshException mesh) {
            return new ImportFailure(mesh.code().title(), mesh.getMessage(), false);
        }
        if (e instanceof UncheckedIOException) {
            return new ImportFailure("Could not read the bundle", e.getMessage(), false);
        }
        return new ImportFailure("Import failed", "Something unexpected went wrong (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "). Nothing was imported; the log has the details.",
                false);
    }
}
