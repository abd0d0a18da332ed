package dev.meshrooms.core.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.progress.ProgressListener;
import java.io.InputStream;
import java.util.List;

/** Reads a whole bundle and checks structure, versions and every hash, writing nothing anywhere. */
public final class BundleVerifier {
    private final BundleLimits limits;
    private final ObjectMapper json;

    public BundleVerifier(BundleLimits limits, ObjectMapper json) {
        this.limits = limits;
        this.json = json;
    }

    public BundleReport verify(InputStream bundle, String bundleName, ProgressListener progress) {
        try {
            BundleScan.Result result = BundleScan.scan(bundle, bundleName, limits, json, new NullSink(), progress);
            return report(result);
        } catch (MeshException e) {
            return BundleReport.refused(e.getMessage());
        }
    }

    static BundleReport report(BundleScan.Result r) {
        BundleMetadata m = r.metadata();
        List<String> authors = m.authors().stream().map(a -> a.handle() + " (" + a.displayName() + ")").toList();
        return new BundleReport(true, null, Hashing.hex(r.bundleSha256()), m.formatVersion(), m.schemaVersion(), m.room().id(),
                m.room().slug(), m.room().name(), m.source() == null ? null : m.source().url(), r.db().messageRows(),
                m.media().size(), r.mediaBytes(), authors, r.db().ignoredStatements(), r.db().skippedTables(), null);
    }

    /** A sink that reads and drops: the scan itself does all checking. */
    static final class NullSink implements BundleScan.Sink {
        @Override
        public void metadata(BundleMetadata metadata) {
        }

        @Override
        public DbSqlReader.CopyTarget copyTarget() {
            return (table, columns) -> new DbSqlReader.RowSink() {
                @Override
                public void row(byte[] line, int length) {
                }

                @Override
                public void end() {
                }
            };
        }

        @Override
        public void media(BundleMetadata.MediaFile file, InputStream content) {
        }
    }
}
