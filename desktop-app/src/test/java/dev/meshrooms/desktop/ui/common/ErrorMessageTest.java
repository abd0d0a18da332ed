package dev.meshrooms.desktop.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("What the desktop windows say about a failure")
class ErrorMessageTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(ErrorCode.class)
    @DisplayName("every error code: its title and the failure's own sentence, also when it arrives wrapped by a task")
    void everyCode(ErrorCode code) {
        String sentence = "room_x.tar.zst: entry rows/messages.copy is cut short; download the bundle again.";
        ErrorMessage message = ErrorMessage.of(new CompletionException(new MeshException(code, sentence)));
        assertThat(message.title()).isEqualTo(code.title()).isNotBlank();
        assertThat(message.sentence()).isEqualTo(sentence);
        assertThat(message.line()).isEqualTo(code.title() + ": " + sentence);
    }

    @Test
    @DisplayName("other failures: named by kind, never a stack trace, pointing at the log")
    void otherFailures() {
        assertThat(ErrorMessage.of(
                        new UncheckedIOException("/home/a/room.tar.zst: permission denied", new IOException())))
                .isEqualTo(
                        new ErrorMessage("Could not read or write a file", "/home/a/room.tar.zst: permission denied"));
        assertThat(ErrorMessage.of(new CancellationException()).title()).isEqualTo("Stopped");
        ErrorMessage unexpected = ErrorMessage.of(new NullPointerException("rooms"));
        assertThat(unexpected.title()).isEqualTo("Internal error");
        assertThat(unexpected.sentence())
                .isEqualTo(
                        "Something unexpected went wrong (NullPointerException: rooms); the log (the Logs button) has the details.");
    }
}
