package dev.meshrooms.core.billing;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * How this instance bills rooms' own shards, or that it does not: with no API key (the embedded default) nothing is
 * reported and pages say billing is off.
 *
 * @param apiKey         the payment provider's secret key ({@code STRIPE_API_KEY}); null: billing is off
 * @param webhookSecret  the webhook endpoint's signing secret ({@code STRIPE_WEBHOOK_SECRET})
 * @param storagePrice   the metered price of {@link Meter#SHARD_STORAGE} ({@code STRIPE_PRICE_SHARD_GB})
 * @param dbHoursPrice   the metered price of {@link Meter#SHARD_DB_HOURS} ({@code STRIPE_PRICE_SHARD_DB_HOURS})
 * @param currency       the currency of Checkout in setup mode ({@code STRIPE_CURRENCY}, default {@code usd})
 * @param apiBase        the provider's API address ({@code STRIPE_API_BASE}; a proxy, or a recording in tests)
 * @param reportInterval how often usage is reported ({@code MESH_BILLING_INTERVAL}, default an hour)
 */
public record BillingSettings(
        String apiKey,
        String webhookSecret,
        String storagePrice,
        String dbHoursPrice,
        String currency,
        URI apiBase,
        Duration reportInterval) {

    public static final BillingSettings OFF = builder().build();
    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);

    public boolean enabled() {
        return apiKey != null && !apiKey.isBlank();
    }

    /** Refuses settings that would fail later, naming the variable to fix. */
    public BillingSettings validate() {
        if (!enabled()) {
            return this;
        }
        require(webhookSecret, "STRIPE_WEBHOOK_SECRET", "the signing secret of the webhook endpoint (whsec_…)");
        require(storagePrice, "STRIPE_PRICE_SHARD_GB", "the id of the metered price for room-shard-gb (price_…)");
        require(dbHoursPrice, "STRIPE_PRICE_SHARD_DB_HOURS", "the id of the metered price for room-shard-db-hours");
        if (currency == null || !currency.matches("[a-z]{3}")) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    "STRIPE_CURRENCY is " + currency + ": give a three-letter ISO currency code in lower case (usd).");
        }
        if (reportInterval.compareTo(Duration.ofMinutes(1)) < 0 || reportInterval.compareTo(Duration.ofDays(1)) > 0) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    "MESH_BILLING_INTERVAL is " + reportInterval + ": give between one minute and one day.");
        }
        return this;
    }

    private static void require(String value, String variable, String what) {
        if (value == null || value.isBlank()) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    "STRIPE_API_KEY is set but " + variable + " is not: set it to " + what
                            + " (docs/billing.md, \"Setting up Stripe\"), or unset STRIPE_API_KEY to turn billing off.");
        }
    }

    /** The price of one meter. */
    public String price(Meter meter) {
        return switch (meter) {
            case SHARD_STORAGE -> storagePrice;
            case SHARD_DB_HOURS -> dbHoursPrice;
        };
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String apiKey;
        private String webhookSecret;
        private String storagePrice;
        private String dbHoursPrice;
        private String currency = "usd";
        private URI apiBase;
        private Duration reportInterval = DEFAULT_INTERVAL;

        private Builder() {}

        public Builder apiKey(String key) {
            this.apiKey = key;
            return this;
        }

        public Builder webhookSecret(String secret) {
            this.webhookSecret = secret;
            return this;
        }

        public Builder storagePrice(String price) {
            this.storagePrice = price;
            return this;
        }

        public Builder dbHoursPrice(String price) {
            this.dbHoursPrice = price;
            return this;
        }

        public Builder currency(String code) {
            this.currency = code == null ? null : code.toLowerCase(Locale.ROOT);
            return this;
        }

        public Builder apiBase(URI base) {
            this.apiBase = base;
            return this;
        }

        public Builder reportInterval(Duration interval) {
            this.reportInterval = interval;
            return this;
        }

        public BillingSettings build() {
            return new BillingSettings(
                    apiKey, webhookSecret, storagePrice, dbHoursPrice, currency, apiBase, reportInterval);
        }
    }
}
