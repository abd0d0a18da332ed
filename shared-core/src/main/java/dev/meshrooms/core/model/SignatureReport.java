package dev.meshrooms.core.model;

import java.util.List;
import java.util.UUID;

/** The result of checking every signature in a room. */
public record SignatureReport(UUID roomId, long checked, long valid, List<UUID> invalidMessageIds) {
    public boolean allValid() {
        return checked == valid;
    }
}
