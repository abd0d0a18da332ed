package dev.meshrooms.lite.push;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;

/**
 * How a pushed copy stands against its cloud's free tier now, as the cloud answers it to the token that pushed.
 *
 * @param state    {@link State#WITHIN}, {@link State#NEAR} (at 80 % or in the last days) or {@link State#OVER}
 * @param enforced whether that cloud holds rooms to a free tier at all
 * @param billed   whether the copy has a payer there
 * @param sentence the cloud's own sentence: the figures and what still works
 */
public record CloudLimit(State state, boolean enforced, boolean billed, String sentence) {

    /** Where a copy stands. */
    public enum State {
        WITHIN,
        NEAR,
        OVER,
        /** The cloud did not say (unreachable, the token that pushed no longer valid, the copy gone, an older cloud). */
        UNKNOWN
    }

    /** What is shown for a copy whose cloud did not say how it stands. */
    public static CloudLimit unknown() {
        return new CloudLimit(
                State.UNKNOWN,
                false,
                false,
                "The cloud did not say how this copy stands (it did not answer, or the token that pushed it is no"
                        + " longer valid there).");
    }

    /** Read from an import job's status; empty when the cloud says nothing about it (an older cloud, a gone room). */
    static Optional<CloudLimit> of(JsonNode status) {
        JsonNode limit = status.path("limit");
        if (!limit.isObject()) {
            return Optional.empty();
        }
        State state;
        try {
            state = State.valueOf(limit.path("state").asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
        return Optional.of(new CloudLimit(
                state,
                limit.path("enforced").asBoolean(),
                limit.path("billed").asBoolean(),
                limit.path("sentence").asText()));
    }

    /** Whether the room's people should be told: near or over its limit. */
    public boolean needsAttention() {
        return state == State.NEAR || state == State.OVER;
    }
}
