package dev.meshrooms.core.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Checking signatures in parallel batches")
class ParallelVerifierTest {
    @Test
    @DisplayName("authors interleaved, checked an author at a time: the invalid ones come back in the order read")
    void invalidInReadOrder() {
        List<KeyPair> authors = List.of(Ed25519Keys.generate(), Ed25519Keys.generate(), Ed25519Keys.generate());
        List<ParallelVerifier.Item> first = new ArrayList<>();
        List<ParallelVerifier.Item> second = new ArrayList<>();
        List<UUID> expectedInvalid = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            KeyPair author = authors.get(i % 3);
            SignedContent content = new SignedContent(
                    UUID.randomUUID(),
                    UUID.randomUUID(),
                    Ed25519Keys.rawPublicKey(author.getPublic()),
                    "message " + i,
                    Instant.parse("2026-12-01T10:00:00Z").plusSeconds(i));
            byte[] signature = MessageSignatures.sign(content, author.getPrivate());
            UUID id = UUID.randomUUID();
            if (i % 7 == 3) {
                signature[5] ^= 1; // changed on the way: invalid
                expectedInvalid.add(id);
            } else if (i % 11 == 4) {
                // another author's key in the content: invalid
                content = new SignedContent(
                        content.originalId(),
                        content.originalRoomId(),
                        Ed25519Keys.rawPublicKey(authors.get((i + 1) % 3).getPublic()),
                        content.body(),
                        content.createdAt());
                expectedInvalid.add(id);
            } else if (i == 50) {
                content = new SignedContent(
                        content.originalId(), content.originalRoomId(), null, content.body(), content.createdAt());
                expectedInvalid.add(id); // no key
            }
            (i < 60 ? first : second).add(new ParallelVerifier.Item(id, content, signature));
        }

        ParallelVerifier.Outcome outcome;
        try (ParallelVerifier verifier = new ParallelVerifier(2)) {
            verifier.submit(first);
            verifier.submit(second);
            outcome = verifier.finish();
        }

        assertThat(outcome.checked()).isEqualTo(120);
        assertThat(outcome.valid()).isEqualTo(120 - expectedInvalid.size());
        assertThat(outcome.invalid()).containsExactlyElementsOf(expectedInvalid);
    }
}
