package dev.meshrooms.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Random secrets handed to people once (tokens, session cookies, invite and sign-in codes) and their stored hashes. */
final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** What a secret made here looks like: URL-safe Base64 after a short prefix; no spaces, quotes or controls. */
    static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,16}_[A-Za-z0-9_-]{20,86}");

    private Secrets() {}

    /** {@code prefix_} and {@code bytes} random bytes, URL-safe. */
    static String make(String prefix, int bytes) {
        byte[] secret = new byte[bytes];
        RANDOM.nextBytes(secret);
        return prefix + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean wellFormed(String secret) {
        return secret != null && SHAPE.matcher(secret).matches();
    }
}
