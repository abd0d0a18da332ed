package dev.meshrooms.desktop.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshrooms.core.testing.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The log tail")
class LogTailTest {
    @Test
    @DisplayName("reads whole lines from the end, and only when the file changed")
    void tail() throws Exception {
        Path file = TempDirs.create("mesh-logtail").resolve("mesh-lite.log");
        LogTail tail = new LogTail(file, 20);
        assertThat(tail.poll()).isEmpty();
        assertThat(tail.poll()).isNull();
        Files.writeString(file, "first line\nsecond line\nthird\n");
        assertThat(tail.poll()).isEqualTo("second line\nthird\n");
        assertThat(tail.poll()).isNull();
        Files.writeString(file, "four\n", StandardOpenOption.APPEND);
        assertThat(tail.poll()).isEqualTo("third\nfour\n");
    }
}
