package dev.meshrooms.core.bundle;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;

/** Refusals of a bundle: what failed, in which entry or field, and that nothing was imported. */
final class BundleException {
    private BundleException() {
    }

    static MeshException invalid(String where, String problem) {
        return new MeshException(ErrorCode.BUNDLE_INVALID, where + ": " + problem + "; nothing was imported.");
    }
}
