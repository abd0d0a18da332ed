package dev.meshrooms.core.shard;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one provisioning created, as undo steps run newest first when it fails. A step that fails is logged and added
 * to the original failure as suppressed; the others still run.
 */
final class Rollback {
    private static final Logger LOG = LoggerFactory.getLogger(Rollback.class);
    private final Deque<Step> steps = new ArrayDeque<>();

    /** Remembers how to undo something just created. */
    void created(String what, Runnable undo) {
        steps.push(new Step(what, undo));
    }

    void run(Throwable cause) {
        while (!steps.isEmpty()) {
            Step step = steps.pop();
            try {
                step.undo().run();
                LOG.info("rolled back: {}", step.what());
            } catch (RuntimeException e) {
                LOG.error("could not roll back {}: {}", step.what(), e.getMessage());
                cause.addSuppressed(e);
            }
        }
    }

    private record Step(String what, Runnable undo) {}
}
