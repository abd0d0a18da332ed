package dev.meshrooms.desktop.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshrooms.core.testing.TempDirs;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Cloud accounts on disk: names and addresses in settings.json, tokens apart in a private file")
class CloudAccountsStoreTest {
    private static final URI CLOUD = URI.create("https://mesh.example.org");

    @Test
    @DisplayName("the private file is made mode 600 in a 700 folder, holds the tokens, and forgets a removed one")
    void privateFile() throws Exception {
        Path config = TempDirs.create("mesh-credentials").resolve("mesh-lite");
        PrivateFileCredentials credentials = new PrivateFileCredentials(config.resolve("cloud-tokens.json"));
        assertThat(credentials.token(CLOUD)).isEmpty();

        credentials.store(CLOUD, "imp_secret-token");

        Path file = credentials.file();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config)))
                .isEqualTo("rwx------");
        assertThat(new PrivateFileCredentials(file).token(CLOUD)).contains("imp_secret-token");
        assertThat(credentials.where()).startsWith(file.toString());

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(credentials.token(CLOUD)).contains("imp_secret-token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .as("narrowed before it is read")
                .isEqualTo("rw-------");

        credentials.remove(CLOUD);
        assertThat(credentials.token(CLOUD)).isEmpty();
    }

    @Test
    @DisplayName("settings.json keeps the accounts beside the other settings, and saving settings keeps the accounts")
    void settingsFile() throws Exception {
        Path file = TempDirs.create("mesh-settings").resolve("mesh-lite/settings.json");
        SettingsStore store = new SettingsStore(file);
        assertThat(store.loadClouds()).isEmpty();
        CloudAccount riverside = new CloudAccount("Riverside", CLOUD);
        CloudAccount bare = new CloudAccount(" ", URI.create("http://127.0.0.1:8080"));

        store.saveClouds(List.of(riverside, bare));
        store.save(new DesktopSettings(Path.of("/srv/mesh"), 3100, false, Theme.DARK));

        assertThat(store.loadClouds()).containsExactly(riverside, bare);
        assertThat(bare.label()).isEqualTo("127.0.0.1:8080");
        assertThat(store.load().port()).isEqualTo(3100);
        store.saveClouds(List.of(riverside));
        assertThat(store.load().theme()).isEqualTo(Theme.DARK);
        assertThat(Files.readString(file))
                .contains("\"clouds\"", "\"url\" : \"https://mesh.example.org\"")
                .doesNotContain("token");
        assertThat(DesktopPaths.from(Map.of("XDG_CONFIG_HOME", "/cfg"), "Linux", Path.of("/home/ada"))
                        .credentialsFile())
                .isEqualTo(Path.of("/cfg/mesh-lite/cloud-tokens.json"));
    }
}
