package dev.meshrooms.core.upload;

import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/** Where pushed bundles' bytes are kept while they upload and until they are imported (the HTTP server's spool). */
public interface UploadedBundles {
    /** An upload: its announced length, the bytes received so far, and the metadata its client sent. */
    record Upload(String id, long length, long received, Map<String, String> metadata) {
        public boolean complete() {
            return received == length;
        }

        /** The name its client gave, as far as it is a plain file name (it goes into sentences and logs). */
        public String fileName() {
            String name = metadata.get("filename");
            if (name == null || !name.matches("[A-Za-z0-9._ -]{1,200}")) {
                return "uploaded bundle " + id;
            }
            return name;
        }
    }

    Optional<Upload> find(String id, String owner);

    /** The upload's bytes from the first. */
    InputStream open(String id, String owner);

    /** Removes the upload's bytes (nothing happens when it is gone already). */
    void delete(String id, String owner);
}
