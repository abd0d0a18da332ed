package dev.meshrooms.core.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Cloud list prices bundled with Mesh as a dated snapshot ({@code pricing/aws-pricing-<yyyy-mm>.json}), so a cost
 * estimate is reproducible and says how old its prices are. Nothing is fetched at run time.
 */
public record PricingSnapshot(
        String resource,
        String takenOn,
        String region,
        String currency,
        String source,
        String databaseLabel,
        double databasePerGbMonth,
        double indexOverhead,
        String storageLabel,
        double storagePerGbMonth,
        String keyLabel,
        double keyPerMonth) {
    public static final String CURRENT = "pricing/aws-pricing-2026-11.json";

    public static PricingSnapshot current() {
        return load(CURRENT);
    }

    public static PricingSnapshot load(String resource) {
        try (InputStream in = PricingSnapshot.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new MeshException(
                        ErrorCode.CONFIGURATION, "pricing snapshot " + resource + " is missing from the build");
            }
            JsonNode p = new ObjectMapper().readTree(in);
            return new PricingSnapshot(
                    resource,
                    p.at("/takenOn").asText(),
                    p.at("/region").asText(),
                    p.at("/currency").asText(),
                    p.at("/source").asText(),
                    p.at("/database/label").asText(),
                    p.at("/database/perGbMonth").asDouble(),
                    p.at("/database/indexOverhead").asDouble(),
                    p.at("/objectStorage/label").asText(),
                    p.at("/objectStorage/perGbMonth").asDouble(),
                    p.at("/key/label").asText(),
                    p.at("/key/perKeyMonth").asDouble());
        } catch (IOException e) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION, "pricing snapshot " + resource + " is unreadable: " + e.getMessage(), e);
        }
    }
}
