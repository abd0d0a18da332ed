package dev.meshrooms.core.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.progress.ProgressListener;
import java.io.InputStream;
import java.util.List;

/**
 * Reads a whole bundle and checks structure, versions, every hash and the rows as an import would ({@link RowChecks}),
 * writing nothing anywhere.
 */
public final class BundleVerifier {
    private final BundleLimits limits;
    private final ObjectMapper json;

    public BundleVerifier(BundleLimits limits, ObjectMapper json) {
        this.limits = limits;
        this.json = json;
    }

    public BundleReport verify(InputStream bundle, String bundleName, ProgressListener progress) {
        try {
            RowChecks rows = new RowChecks();
            BundleScan.Result result = BundleScan.scan(bundle, bundleName, limits, json, rows, progress);
            return report(result, rows);
        } catch (MeshException e) {
            return BundleReport.refused(BundleException.asDryRun(e));
        }
    }

    static BundleReport report(BundleScan.Result r, RowChecks rows) {
        BundleMetadata m = r.metadata();
        List<String> authors = m.authors().stream()
                .map(a -> a.handle() + " (" + a.displayName() + ")")
                .toList();
        return new BundleReport(
                true,
                null,
                Hashing.hex(r.bundleSha256()),
                m.formatVersion(),
                m.schemaVersion(),
                m.room().id(),
                m.room().slug(),
                m.room().name(),
                m.source() == null ? null : m.source().url(),
                r.db().messageRows(),
                m.media().size(),
                r.mediaBytes(),
                authors,
                r.db().ignoredStatements(),
                r.db().skippedTables(),
                rows.partial(),
                null);
    }
}
