package dev.meshrooms.core.bundle;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import java.util.UUID;

/**
 * @param asNew           import even if this bundle was imported before (a second, independent copy)
 * @param importedBy      the user doing it (becomes an admin of the room), or null
 * @param signatures      which messages' signatures the import checks and reports; the room imports the same either
 *                        way, the room page marks each message ✓ or ⚠ when it shows it, and {@code verify --room}
 *                        checks them all at any time
 * @param tokenId         the API token the import came with (recorded in {@code import_history}), or null
 * @param expectedSha256  the bundle's SHA-256 (hex) as its sender computed it, or null; a bundle that hashes to
 *                        anything else is refused before anything becomes visible
 * @param sharded         import straight into a new shard of the room's own (schema, role, bucket, key), provisioned
 *                        first and removed again if the import fails; false: into the shared tables and bucket; null:
 *                        as the instance's rule has it for a room of the bundle's size
 *                        ({@link dev.meshrooms.core.CoreSettings#importShardFrom()})
 */
public record ImportOptions(
        boolean asNew,
        UUID importedBy,
        SignatureCheck signatures,
        UUID tokenId,
        String expectedSha256,
        Boolean sharded) {
    public ImportOptions(boolean asNew, UUID importedBy) {
        this(asNew, importedBy, SignatureCheck.KNOWN_AUTHORS);
    }

    public ImportOptions(boolean asNew, UUID importedBy, SignatureCheck signatures) {
        this(asNew, importedBy, signatures, null, null, null);
    }

    /** The same import, of a bundle pushed with this token and announced with this hash. */
    public ImportOptions pushed(UUID token, String sha256) {
        return new ImportOptions(asNew, importedBy, signatures, token, sha256, sharded);
    }

    /** The same import, into a new shard of its own (true), the shared tables (false) or as the instance's rule has it (null). */
    public ImportOptions inShard(Boolean shard) {
        return new ImportOptions(asNew, importedBy, signatures, tokenId, expectedSha256, shard);
    }

    /** Which signatures an import checks. */
    public enum SignatureCheck {
        /**
         * The messages of authors whose public key is already a user here (the default). Those are the checks that
         * prove something: a message under an existing user's name that does not verify was not written by them. The
         * key of an author new here comes in the same file as the signature, so whoever could alter the messages
         * could have replaced the key and signed again; such messages are checked where they are shown.
         */
        KNOWN_AUTHORS,
        /** Every message (~30 µs of CPU each: a million take some 17 s more on two cores). */
        ALL,
        /** None. */
        NONE;

        /**
         * The check asked for by the two switches every front end offers (the CLI's flags, the HTTP query's
         * parameters), named as that front end spells them; asking for both is an error, not a silent choice.
         */
        public static SignatureCheck fromSwitches(
                boolean checkAll, String checkAllName, boolean skip, String skipName) {
            if (checkAll && skip) {
                throw new MeshException(
                        ErrorCode.INVALID_INPUT,
                        skipName + " and " + checkAllName + " contradict each other: give one of them");
            }
            return checkAll ? ALL : skip ? NONE : KNOWN_AUTHORS;
        }
    }
}
