package dev.meshrooms.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MigrationsTest {
    @Test
    @DisplayName("ROOM_SCHEMA_VERSION is the newest migration in db/room")
    void roomVersionMatchesFiles() throws IOException, URISyntaxException {
        Path dir = Path.of(getClass().getResource("/db/room").toURI());
        Pattern version = Pattern.compile("V(\\d+)__.*\\.sql");
        int newest;
        try (Stream<Path> files = Files.list(dir)) {
            newest = files.map(p -> version.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches).mapToInt(m -> Integer.parseInt(m.group(1))).max().orElse(0);
        }
        assertThat(Migrations.ROOM_SCHEMA_VERSION).isEqualTo(newest);
    }
}
