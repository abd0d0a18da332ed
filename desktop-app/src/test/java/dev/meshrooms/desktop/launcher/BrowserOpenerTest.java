package dev.meshrooms.desktop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Opening a browser: the platform's way, then the system's commands, else the address to copy")
class BrowserOpenerTest {
    private static final String URL = "http://localhost:3000/rooms";

    @Test
    @DisplayName("a command that fails or is missing is followed by the next; the first that works opens it")
    void fallsBackThroughCommands() {
        AtomicReference<String> failed = new AtomicReference<>();
        BrowserOpener opener = new BrowserOpener(
                false,
                url -> List.of(List.of("mesh-no-such-opener", url), List.of("false"), List.of("true")),
                failed::set);
        assertThat(opener.open(URL)).isTrue();
        assertThat(failed.get()).isNull();
    }

    @Test
    @DisplayName("when nothing can open it, the caller is told the address (never silently)")
    void tellsWhenNothingWorks() throws Exception {
        CompletableFuture<String> failed = new CompletableFuture<>();
        BrowserOpener opener = new BrowserOpener(
                false, url -> List.of(List.of("false"), List.of("mesh-no-such-opener")), failed::complete);
        opener.accept(URL);
        assertThat(failed.get(20, TimeUnit.SECONDS)).isEqualTo(URL);
    }

    @Test
    @DisplayName("each system's opener command")
    void systemCommands() {
        String os = System.getProperty("os.name");
        try {
            System.setProperty("os.name", "Linux");
            assertThat(BrowserOpener.systemCommands(URL).get(0)).containsExactly("xdg-open", URL);
            System.setProperty("os.name", "Mac OS X");
            assertThat(BrowserOpener.systemCommands(URL).get(0)).containsExactly("open", URL);
            System.setProperty("os.name", "Windows 11");
            assertThat(BrowserOpener.systemCommands(URL).get(0))
                    .containsExactly("rundll32", "url.dll,FileProtocolHandler", URL);
        } finally {
            System.setProperty("os.name", os);
        }
    }
}
