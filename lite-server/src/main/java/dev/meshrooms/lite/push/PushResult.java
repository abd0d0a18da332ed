package dev.meshrooms.lite.push;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.UUID;

/**
 * What a push did: the cloud's new room and where to open it, the import's own result (counts, signatures, the id
 * mapping), where the mapping was written, and how much the upload sent (less than the bundle when it resumed).
 */
public record PushResult(
        UUID cloudRoomId,
        String slug,
        String roomUrl,
        long messages,
        long mediaFiles,
        long signaturesChecked,
        long signaturesValid,
        Path mappingFile,
        long bundleBytes,
        long bytesSent,
        boolean exportReused,
        JsonNode importResult) {}
