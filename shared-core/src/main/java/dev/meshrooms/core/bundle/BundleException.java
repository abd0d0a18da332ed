package dev.meshrooms.core.bundle;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;

/** Refusals of a bundle: what failed, in which entry or field, and that nothing was imported. */
final class BundleException {
    /** How every refusal of an import ends; a dry run, which imports nothing anyway, leaves it out. */
    static final String NOTHING_IMPORTED = "; nothing was imported.";

    private BundleException() {}

    static MeshException invalid(String where, String problem) {
        return new MeshException(ErrorCode.BUNDLE_INVALID, where + ": " + problem + NOTHING_IMPORTED);
    }

    /** A refusal as a dry run reports it: the same sentence, without saying that nothing was imported. */
    static String asDryRun(MeshException refusal) {
        String message = refusal.getMessage();
        return message.endsWith(NOTHING_IMPORTED)
                ? message.substring(0, message.length() - NOTHING_IMPORTED.length()) + "."
                : message;
    }
}
