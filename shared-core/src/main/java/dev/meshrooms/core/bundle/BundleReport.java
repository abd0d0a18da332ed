package dev.meshrooms.core.bundle;

import java.util.List;
import java.util.UUID;

/**
 * What a dry run found: the room, counts, authors, and what an import here would translate or refuse.
 * {@code ok} false means the bundle would be refused, for the reason in {@code problem}; {@code partialChecks}, when
 * not null, names the checks of the rows a dry run left to the import (a bundle with millions of rows).
 */
public record BundleReport(
        boolean ok,
        String problem,
        String bundleSha256,
        int formatVersion,
        int schemaVersion,
        UUID roomId,
        String slug,
        String name,
        String sourceUrl,
        long messages,
        long mediaFiles,
        long mediaBytes,
        List<String> authors,
        long ignoredStatements,
        List<String> skippedTables,
        String partialChecks,
        Translation translation) {

    /**
     * What an import into this instance would change: the slug, the authors matched by key, ghosts to create, the
     * message and media ids taken here (those get new ones), and an earlier import of the same bundle.
     */
    public record Translation(
            String slug,
            boolean slugChanged,
            List<String> matchedAuthors,
            List<String> ghostAuthors,
            long messageIdsTaken,
            long mediaIdsTaken,
            String alreadyImportedAs) {}

    static BundleReport refused(String problem) {
        return new BundleReport(
                false, problem, null, 0, 0, null, null, null, null, 0, 0, 0, List.of(), 0, List.of(), null, null);
    }

    BundleReport withTranslation(Translation t) {
        return new BundleReport(
                ok,
                problem,
                bundleSha256,
                formatVersion,
                schemaVersion,
                roomId,
                slug,
                name,
                sourceUrl,
                messages,
                mediaFiles,
                mediaBytes,
                authors,
                ignoredStatements,
                skippedTables,
                partialChecks,
                t);
    }
}
