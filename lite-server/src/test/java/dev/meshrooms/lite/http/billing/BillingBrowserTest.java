package dev.meshrooms.lite.http.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.testing.StripeRecording;
import dev.meshrooms.lite.config.Environment;
import dev.meshrooms.lite.runtime.LiteServer;
import dev.meshrooms.lite.testing.Browser;
import dev.meshrooms.lite.testing.Http;
import dev.meshrooms.lite.testing.TestServers;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Add billing end to end: the settings page's button, Stripe Checkout (WireMock plays Stripe's API with recorded
 * responses, and its Checkout page), the signed webhook over HTTP, and the page afterwards; the server is real.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Add billing: the button goes to Stripe Checkout, the signed webhook links the room, the page shows it")
class BillingBrowserTest {
    private static final String SESSION = "cs_test_c1dU2sNfCpY8GZyfDdS3mY0Hu1Cq1b9vLd6BVHY2gPpz7m5bWv3wVm1Bk8";
    private WireMockServer stripe;
    private LiteServer server;
    private Browser browser;
    private MeshCore core;

    @BeforeAll
    void start() throws Exception {
        stripe =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        stripe.start();
        server = TestServers.start(
                TestServers.newDataDir(),
                Map.of(
                        Environment.STRIPE_API_KEY,
                        StripeRecording.API_KEY,
                        Environment.STRIPE_WEBHOOK_SECRET,
                        StripeRecording.WEBHOOK_SECRET,
                        Environment.STRIPE_PRICE_SHARD_GB,
                        "price_room_shard_gb",
                        Environment.STRIPE_PRICE_SHARD_DB_HOURS,
                        "price_room_shard_db_hours",
                        Environment.STRIPE_API_BASE,
                        stripe.baseUrl(),
                        Environment.FREE_TIER_ENFORCED,
                        "true"),
                false);
        core = server.runtime().core();
        browser = Browser.start(1100, 900);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        server.close();
        stripe.stop();
    }

    @Test
    @DisplayName("the room admin adds billing; Stripe's webhook links the room; replays and forgeries change nothing")
    void addBilling() throws Exception {
        Room garden = core.shardedRooms()
                .create(
                        new NewRoom("orchard", "Orchard Friends", Visibility.PUBLIC),
                        core.admin().user().id(),
                        null);
        stubStripe(garden);

        ChromeDriver driver = browser.driver();
        driver.get(server.baseUrl() + "/room/orchard?token=" + TestServers.ADMIN_TOKEN);
        driver.get(server.baseUrl() + "/room/orchard/settings");
        var card = driver.findElement(By.cssSelector("[data-testid=billing]"));
        assertThat(card.getText()).contains("Nobody pays for this room yet");
        var button = driver.findElement(By.cssSelector("[data-testid=add-billing]"));
        assertThat(button.getText()).isEqualTo("Add billing");
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", card);
        browser.screenshot("billing-add.png");
        button.click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.titleIs("Stripe Checkout"));
        assertThat(driver.getCurrentUrl()).startsWith(stripe.baseUrl() + "/c/pay/" + SESSION);
        var session = StripeRecording.form(stripe.findAll(postRequestedFor(urlEqualTo("/v1/checkout/sessions")))
                .get(0));
        assertThat(session)
                .containsEntry("mode", "setup")
                .containsEntry("success_url", server.baseUrl() + "/room/orchard/settings?billing=added");

        // Stripe's delivery, signed with the endpoint's secret
        Http http = new Http(server.baseUrl());
        String event = StripeRecording.body(
                "event-checkout-session-completed.json",
                "event_id",
                "evt_1NG8Du2eZvKYlo2CUI79vXWy",
                "created",
                Long.toString(Instant.now().getEpochSecond()),
                "session_id",
                SESSION,
                "room_id",
                garden.id().toString());
        long now = Instant.now().getEpochSecond();
        var forged = http.send(webhook(event, StripeRecording.signature(event, now, "whsec_not_the_secret")));
        assertThat(forged.status()).as(forged.body()).isEqualTo(422);
        assertThat(forged.json().get("details").asText()).contains("Webhook refused", "STRIPE_WEBHOOK_SECRET");
        var delivered =
                http.send(webhook(event, StripeRecording.signature(event, now, StripeRecording.WEBHOOK_SECRET)));
        assertThat(delivered.status()).as(delivered.body()).isEqualTo(200);
        assertThat(delivered.json().get("outcome").asText()).isEqualTo("applied");
        var again = http.send(webhook(event, StripeRecording.signature(event, now, StripeRecording.WEBHOOK_SECRET)));
        assertThat(again.json().get("outcome").asText()).isEqualTo("repeated");
        assertThat(stripe.findAll(postRequestedFor(urlEqualTo("/v1/subscriptions"))))
                .hasSize(1);

        driver.get(server.baseUrl() + "/room/orchard/settings?billing=added");
        card = driver.findElement(By.cssSelector("[data-testid=billing]"));
        assertThat(card.getText()).contains("paid for by Stripe customer " + StripeRecording.CUSTOMER, "active");
        assertThat(driver.findElement(By.cssSelector("[data-testid=add-billing]"))
                        .getText())
                .isEqualTo("Manage billing");
        assertThat(driver.findElement(By.id("toast")).getText()).contains("Billing added");
        // the picture is of the card: the note over it goes
        driver.executeScript(
                "document.getElementById('toast').hidden = true; arguments[0].scrollIntoView({block: 'center'})", card);
        browser.screenshot("billing-linked.png");
        assertThat(core.limits()
                        .of(core.rooms().findById(garden.id()).orElseThrow())
                        .billed())
                .isTrue();

        driver.get(server.baseUrl() + "/admin/usage");
        assertThat(driver.findElement(By.cssSelector("[data-testid=billing-status]"))
                        .getText())
                .contains("Billing is on");
    }

    @Test
    @DisplayName("a member who does not run the room cannot start Checkout for it")
    void membersCannotAddBilling() {
        core.shardedRooms()
                .create(
                        new NewRoom("quiet", "Quiet", Visibility.PUBLIC),
                        core.admin().user().id(),
                        null);
        Http http = new Http(server.baseUrl());
        String member = http.newMember("quiet", "mo");
        var refused = http.post("/api/room/quiet/billing", member, "{}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
    }

    private HttpRequest.Builder webhook(String body, String signature) {
        return new Http(server.baseUrl())
                .request("/api/billing/webhook")
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Stripe-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private void stubStripe(Room room) {
        StripeRecording.stubLinking(stripe, room.id(), room.slug(), stripe.baseUrl());
        stripe.stubFor(get(urlPathMatching("/c/pay/.*"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/html; charset=utf-8")
                        .withBody("<!doctype html><title>Stripe Checkout</title><p>Checkout (recorded)</p>")));
    }
}
