package dev.meshrooms.lite.http.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshrooms.core.testing.TempDirs;
import dev.meshrooms.lite.runtime.LiteServer;
import dev.meshrooms.lite.testing.Browser;
import dev.meshrooms.lite.testing.Http;
import dev.meshrooms.lite.testing.Queries;
import dev.meshrooms.lite.testing.TestServers;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusURLMemoryStore;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("The instance admin's console in Chromium: health, rooms, tokens, imports and uploads")
class AdminConsoleBrowserTest {
    private LiteServer server;
    private Http http;
    private Browser browser;
    private ChromeDriver driver;

    @BeforeAll
    void start() throws Exception {
        server = TestServers.start(TestServers.newDataDir(), Map.of(), false);
        http = new Http(server.baseUrl());
        browser = Browser.start(1200, 1000);
        driver = browser.driver();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        server.close();
    }

    private WebElement waitFor(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(d ->
                        d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
    }

    @Test
    @Order(1)
    @DisplayName("entered with the admin token: the health panel says every part is up; a member is refused")
    void health() {
        driver.get(server.baseUrl() + "/admin?token=" + TestServers.ADMIN_TOKEN);
        assertThat(driver.getCurrentUrl())
                .as("the token leaves the address bar")
                .isEqualTo(server.baseUrl() + "/admin");
        assertThat(driver.findElement(By.cssSelector("[data-testid=health-state]"))
                        .getText())
                .isEqualTo("All up");
        for (String check : List.of("database", "store", "scheduler")) {
            assertThat(driver.findElement(By.cssSelector("tr[data-check=" + check + "]"))
                            .getText())
                    .as(check)
                    .contains("up");
        }
        assertThat(driver.findElement(By.cssSelector("tr[data-check=database]")).getText())
                .contains("PostgreSQL 15", "fsync=on");
        assertThat(driver.findElement(By.cssSelector("tr[data-check=usage-sample]"))
                        .getText())
                .contains("none yet");

        var lobby = http.post(
                "/api/room",
                TestServers.ADMIN_TOKEN,
                Http.json(Map.of("slug", "lobby", "name", "Lobby", "visibility", "private")));
        assertThat(lobby.status()).as(lobby.body()).isEqualTo(201);
        String member = http.newMember("lobby", "mia");
        assertThat(http.get("/admin", member).status())
                .as("a member's token is not an instance admin's")
                .isEqualTo(403);
    }

    @Test
    @Order(2)
    @DisplayName(
            "a room made with the form has its own shard and is found by the search; a search without a match says so")
    void rooms() throws Exception {
        driver.get(server.baseUrl() + "/admin");
        driver.findElement(By.id("room-name")).sendKeys("Harbour Watch");
        driver.findElement(By.id("room-slug")).sendKeys("harbour-watch");
        new Select(driver.findElement(By.id("room-visibility"))).selectByValue("public");
        WebElement sharded = driver.findElement(By.id("room-sharded"));
        if (!sharded.isSelected()) {
            sharded.click();
        }
        driver.findElement(By.cssSelector("[data-testid=create-room]")).click();
        WebElement row = waitFor("tr[data-slug=harbour-watch]");
        assertThat(driver.getCurrentUrl()).endsWith("/admin?q=harbour-watch");
        assertThat(row.getText()).contains("Harbour Watch", "#harbour-watch · public", "own shard");
        assertThat(row.findElement(By.linkText("Settings")).getAttribute("href"))
                .endsWith("/room/harbour-watch/settings");
        assertThat(driver.findElements(By.cssSelector("tr[data-slug=lobby]")))
                .as("the search leaves out the other room")
                .isEmpty();
        browser.screenshot("admin-rooms.png");

        driver.findElement(By.id("room-search")).clear();
        driver.findElement(By.id("room-search")).sendKeys("no-such-room\n");
        assertThat(waitFor("[data-testid=rooms-none]").getText()).isEqualTo("No room matches “no-such-room”.");

        // a move that failed (as one whose shard server stopped answering would) shows beside the room
        Queries.strings(
                server.runtime().core(),
                "INSERT INTO mesh.room_move_jobs (id, room_id, direction, state, phase, error, finished_at)"
                        + " SELECT gen_random_uuid(), id, 'decentralise', 'failed', 'copy-rows',"
                        + " 'the shard server did not answer', now() FROM mesh.rooms WHERE slug = 'lobby'"
                        + " RETURNING id::text");
        driver.get(server.baseUrl() + "/admin");
        assertThat(waitFor("tr[data-slug=lobby] [data-testid=move]").getText())
                .isEqualTo("Decentralise failed: Retry on its settings page");
        assertThat(driver.findElements(By.cssSelector("tr[data-slug=harbour-watch] [data-testid=move]")))
                .as("a room whose moves succeeded shows none")
                .isEmpty();
        assertThat(driver.findElements(By.cssSelector("tr[data-slug=harbour-watch]")))
                .hasSize(1);
    }

    @Test
    @Order(3)
    @DisplayName("an import token is issued once and listed; revoking it from the list stops it at once")
    void tokens() throws Exception {
        driver.get(server.baseUrl() + "/admin");
        new Select(driver.findElement(By.id("token-kind"))).selectByValue("import");
        driver.findElement(By.id("token-label")).sendKeys("laptop push");
        driver.findElement(By.cssSelector("[data-testid=issue-token]")).click();
        WebElement value = waitFor("[data-testid=token-value]");
        new WebDriverWait(driver, Duration.ofSeconds(5))
                .until(d -> !value.getAttribute("value").isEmpty());
        String token = value.getAttribute("value");
        assertThat(http.get("/api/imports/" + java.util.UUID.randomUUID(), token)
                        .status())
                .as("the import token works: an unknown job is 404, not 401")
                .isEqualTo(404);
        driver.executeScript("document.getElementById('tokens').scrollIntoView()");
        browser.screenshot("admin-token.png");

        driver.navigate().refresh();
        WebElement row = driver.findElements(By.cssSelector("[data-testid=tokens-table] tbody tr")).stream()
                .filter(r -> r.getText().contains("laptop push"))
                .findFirst()
                .orElseThrow();
        String expires = java.time.format.DateTimeFormatter.ofPattern("d MMM yyyy", java.util.Locale.ROOT)
                .format(java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(7));
        assertThat(row.getText()).as("valid for the 7 days chosen").contains("import", "laptop push", expires);
        row.findElement(By.cssSelector("[data-revoke]")).click();
        driver.switchTo().alert().accept();
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElements(By.cssSelector("[data-testid=tokens-table] tbody tr")).stream()
                        .anyMatch(r -> r.getText().contains("laptop push")
                                && r.getText().contains("revoked")));
        assertThat(http.get("/api/imports/" + java.util.UUID.randomUUID(), token)
                        .status())
                .isEqualTo(401);

        driver.findElement(By.id("user-handle")).sendKeys("rosa");
        driver.findElement(By.id("user-name")).sendKeys("Rosa Parks");
        driver.findElement(By.cssSelector("[data-testid=add-user]")).click();
        new WebDriverWait(driver, Duration.ofSeconds(5))
                .until(d -> d.findElement(By.id("toast")).getText().startsWith("Added @rosa"));
    }

    @Test
    @Order(4)
    @DisplayName(
            "pushed bundles: a finished import with its history, a refused one with its sentence, an upload left open")
    void imports() throws Exception {
        String token = http.post(
                        "/api/tokens",
                        TestServers.ADMIN_TOKEN,
                        Http.json(Map.of("scope", "import", "expiresIn", "P7D", "label", "cloud push")))
                .json()
                .get("token")
                .asText();
        Path dir = TempDirs.create("mesh-admin-console");
        Path bundle = dir.resolve("room.tar.zst");
        String roomId = http.get("/api/room/harbour-watch", TestServers.ADMIN_TOKEN)
                .json()
                .get("id")
                .asText();
        var sent = http.send(http.request("/api/sendMessage")
                .header("x-room-id", roomId)
                .header("Authorization", "Bearer " + TestServers.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        Http.json(Map.of("body", "the tide turns at four")))));
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        var export = http.client()
                .send(
                        http.request("/api/room/harbour-watch/export")
                                .header("Authorization", "Bearer " + TestServers.ADMIN_TOKEN)
                                .GET()
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofFile(bundle));
        assertThat(export.statusCode()).isEqualTo(200);
        Path junk = dir.resolve("junk.tar.zst");
        byte[] noise = new byte[64 * 1024];
        new Random(1).nextBytes(noise);
        Files.write(junk, noise);

        String good = importOf(upload(token, bundle, true), token);
        String bad = importOf(upload(token, junk, true), token);
        new WebDriverWait(driver, Duration.ofSeconds(60))
                .until(d -> List.of(good, bad).stream()
                        .noneMatch(job -> http.get("/api/imports/" + job, token)
                                .json()
                                .get("state")
                                .asText()
                                .equals("running")));
        upload(token, junk, false);

        driver.get(server.baseUrl() + "/admin");
        assertThat(driver.findElement(By.cssSelector("tr[data-job='" + good + "']"))
                        .getText())
                .contains("succeeded", "100 %");
        assertThat(driver.findElement(By.cssSelector("tr[data-job='" + bad + "']"))
                        .getText())
                .contains("failed")
                .containsIgnoringCase("bundle");
        assertThat(driver.findElement(By.cssSelector("[data-testid=history-table]"))
                        .getText())
                .contains("pushed with an import token", "shared tables");
        assertThat(driver.findElement(By.cssSelector("[data-testid=uploads-table]"))
                        .getText())
                .as("the upload that was never imported")
                .contains("64.0 KiB");
        driver.executeScript("document.getElementById('imports').scrollIntoView()");
        browser.screenshot("admin-imports.png");
    }

    /** Uploads {@code file} with tus; {@code finish}: all of it, else only its first half. The upload's id. */
    private String upload(String token, Path file, boolean finish) throws Exception {
        TusClient client = new TusClient();
        client.setUploadCreationURL(new URL(server.baseUrl() + "/api/uploads"));
        client.setHeaders(Map.of("Authorization", "Bearer " + token));
        client.enableResuming(new TusURLMemoryStore());
        TusUpload upload = new TusUpload(file.toFile());
        upload.setFingerprint(file.toString() + finish);
        upload.setMetadata(Map.of("filename", file.getFileName().toString()));
        TusUploader uploader = client.createUpload(upload);
        uploader.setChunkSize(16 * 1024);
        long half = Files.size(file) / 2;
        while ((finish || uploader.getOffset() < half) && uploader.uploadChunk() > -1) {
            // on
        }
        uploader.finish();
        String path = uploader.getUploadURL().getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Starts the import of a finished upload; the job's id. */
    private String importOf(String uploadId, String token) {
        var started = http.post("/api/importRoom?upload=" + uploadId + "&asNew=true", token, "");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        return started.json().get("jobId").asText();
    }
}
