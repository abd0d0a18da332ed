package dev.meshrooms.desktop.session;

/** The person cancelled an import; the importer cleaned up, nothing was imported. */
public final class ImportCancelledException extends RuntimeException {
    public ImportCancelledException(String bundleName) {
        super(bundleName + ": import cancelled; nothing was imported");
    }
}
