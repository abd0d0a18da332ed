package dev.meshrooms.core.bundle;

import java.util.List;
import java.util.UUID;

/**
 * What an import did; {@code signatureCheck} says which messages' signatures were checked ({@code signaturesChecked}
 * of them, {@code signaturesValid} verified); {@code remainingLinks} are links that still point at the source instance;
 * {@code shardSchema} is the schema of the room's own shard when the import made one, else null (the shared tables).
 */
public record ImportResult(
        UUID roomId,
        String slug,
        String name,
        long messages,
        long mediaFiles,
        long mediaBytes,
        ImportOptions.SignatureCheck signatureCheck,
        long signaturesChecked,
        long signaturesValid,
        IdMapping mapping,
        List<String> remainingLinks,
        String bundleSha256,
        String shardSchema) {}
