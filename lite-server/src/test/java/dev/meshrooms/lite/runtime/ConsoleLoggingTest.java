package dev.meshrooms.lite.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Mesh-Lite's console logging")
class ConsoleLoggingTest {
    private final LoggerContext context = new LoggerContext();

    private LoggingEvent event(String logger, String message) {
        return new LoggingEvent(
                ConsoleLoggingTest.class.getName(), context.getLogger(logger), Level.ERROR, message, null, null);
    }

    @Test
    @DisplayName("drops only the embedded store's lines about requests it does not implement")
    void unimplementedRequests() {
        ConsoleLogging.UnimplementedRequests filter = new ConsoleLogging.UnimplementedRequests();
        String handler = ConsoleLogging.UnimplementedRequests.HANDLER;
        assertThat(filter.decide(event(handler, "Unknown parameters {} with URI {}")))
                .isEqualTo(FilterReply.DENY);
        assertThat(filter.decide(event(handler, "completeMultipartUpload failed after the response was committed")))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(event("dev.meshrooms.core.bundle.RoomImporter", "Unknown parameters")))
                .isEqualTo(FilterReply.NEUTRAL);
    }
}
