package dev.meshrooms.lite.push;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.UUID;

/**
 * What a push did: the cloud's new room and where to open it, the import's own result (counts, signatures, the id
 * mapping), where the mapping was written, how much the upload sent (less than the bundle when it resumed), and how
 * long each phase took here (0 for a phase this run did not need: a reused export, an upload done before).
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
        JsonNode importResult,
        double exportSeconds,
        double uploadSeconds,
        double cloudImportSeconds) {}
