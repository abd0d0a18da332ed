package dev.meshrooms.core.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Message signatures (Ed25519 over the canonical form)")
class MessageSignaturesTest {
    private final KeyPair keys = Ed25519Keys.generate();
    private final byte[] publicKey = Ed25519Keys.rawPublicKey(keys.getPublic());
    private final SignedContent content = new SignedContent(
            UUID.randomUUID(),
            UUID.randomUUID(),
            publicKey,
            "héllo\nwörld 🎉",
            Instant.parse("2026-11-25T10:15:30.123456Z"));

    @Test
    @DisplayName("verify for the author and the exact content")
    void verifies() {
        byte[] signature = MessageSignatures.sign(content, keys.getPrivate());
        assertThat(signature).hasSize(64);
        assertThat(MessageSignatures.verify(content, signature)).isTrue();
    }

    @Test
    @DisplayName(
            "the fast signer's bytes are the JDK's, for 300 keys and bodies of every length up to 4,000 characters")
    void fastSignerMatchesJdk() {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 300; i++) {
            KeyPair pair = Ed25519Keys.generate();
            char[] body = new char[random.nextInt(4_000)];
            for (int k = 0; k < body.length; k++) {
                body[k] = (char) (32 + random.nextInt(0x2f00));
            }
            SignedContent c = new SignedContent(
                    UUID.randomUUID(),
                    UUID.randomUUID(),
                    Ed25519Keys.rawPublicKey(pair.getPublic()),
                    new String(body),
                    Instant.now());
            byte[] fast = MessageSignatures.sign(c, pair.getPrivate());
            assertThat(fast).isEqualTo(MessageSignatures.jdkSign(c, pair.getPrivate()));
            assertThat(MessageSignatures.verify(c, fast)).isTrue();
            assertThat(Ed25519Verification.jdkVerify(c.authorKey(), c.canonicalBytes(), fast))
                    .isTrue();
        }
    }

    @Test
    @DisplayName("fail when body, time, ids or key change")
    void tamperingFails() {
        byte[] signature = MessageSignatures.sign(content, keys.getPrivate());
        byte[] otherKey = Ed25519Keys.rawPublicKey(Ed25519Keys.generate().getPublic());
        assertThat(MessageSignatures.verify(
                        new SignedContent(
                                content.originalId(),
                                content.originalRoomId(),
                                publicKey,
                                "héllo\nwörld 🎊",
                                content.createdAt()),
                        signature))
                .isFalse();
        assertThat(MessageSignatures.verify(
                        new SignedContent(
                                content.originalId(),
                                content.originalRoomId(),
                                publicKey,
                                content.body(),
                                content.createdAt().plusNanos(1000)),
                        signature))
                .isFalse();
        assertThat(MessageSignatures.verify(
                        new SignedContent(
                                UUID.randomUUID(),
                                content.originalRoomId(),
                                publicKey,
                                content.body(),
                                content.createdAt()),
                        signature))
                .isFalse();
        assertThat(MessageSignatures.verify(
                        new SignedContent(
                                content.originalId(),
                                content.originalRoomId(),
                                otherKey,
                                content.body(),
                                content.createdAt()),
                        signature))
                .isFalse();
        assertThat(MessageSignatures.verify(content, new byte[64])).isFalse();
    }

    @Test
    @DisplayName("canonical bytes are the tag, then each field's 4-byte big-endian length and bytes, byte for byte")
    void canonicalLayout() throws java.io.IOException {
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 200; i++) {
            char[] body = new char[random.nextInt(600)];
            for (int k = 0; k < body.length; k++) {
                body[k] = (char) (32 + random.nextInt(0x2f00));
            }
            byte[] key = new byte[32];
            random.nextBytes(key);
            SignedContent c = new SignedContent(
                    UUID.randomUUID(),
                    UUID.randomUUID(),
                    key,
                    new String(body),
                    Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000) * 1000L));
            // the layout written out with a DataOutputStream, as the format's description reads
            var expected = new java.io.ByteArrayOutputStream();
            try (var out = new java.io.DataOutputStream(expected)) {
                out.write("mesh-message-v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                for (byte[] field : List.of(
                        c.originalId().toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        c.originalRoomId().toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        key,
                        c.body().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
                    out.writeInt(field.length);
                    out.write(field);
                }
                out.writeInt(8);
                out.writeLong(c.createdAt().getEpochSecond() * 1_000_000L
                        + c.createdAt().getNano() / 1000);
            }
            assertThat(c.canonicalBytes()).isEqualTo(expected.toByteArray());
        }
    }

    @Test
    @DisplayName("canonical bytes are length-prefixed, so moving text between fields changes them")
    void canonicalUnambiguous() {
        UUID id = UUID.randomUUID();
        var a = new SignedContent(id, id, publicKey, "ab", Instant.EPOCH);
        var b = new SignedContent(id, id, publicKey, "ab", Instant.EPOCH);
        var c = new SignedContent(id, id, publicKey, "a", Instant.EPOCH);
        assertThat(a.canonicalBytes()).isEqualTo(b.canonicalBytes());
        assertThat(a.canonicalBytes()).isNotEqualTo(c.canonicalBytes());
    }

    @Test
    @DisplayName("raw public keys round-trip through the JDK key types")
    void rawKeys() {
        assertThat(Ed25519Keys.rawPublicKey(Ed25519Keys.publicKey(publicKey))).isEqualTo(publicKey);
    }

    @Test
    @DisplayName("the key vault opens only what it sealed, for the same owner")
    void keyVault() {
        KeyVault vault = new KeyVault(KeyVault.newMasterKey());
        UUID owner = UUID.randomUUID();
        byte[] sealed = vault.seal(keys.getPrivate(), owner);
        assertThat(vault.open(sealed, owner).getEncoded())
                .isEqualTo(keys.getPrivate().getEncoded());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> vault.open(sealed, UUID.randomUUID()))
                .hasMessageContaining("master key");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new KeyVault(KeyVault.newMasterKey()).open(sealed, owner))
                .isInstanceOf(dev.meshrooms.core.error.MeshException.class)
                .hasMessageContaining("MESH_MASTER_KEY")
                .extracting(e -> ((dev.meshrooms.core.error.MeshException) e).code())
                .isEqualTo(dev.meshrooms.core.error.ErrorCode.CONFIGURATION);
    }
}
