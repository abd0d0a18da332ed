package dev.meshrooms.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The per-entry checks of an import (a media key, a hash, a content type) read a character at a time; each gives the
 * answer of the regular expression that states its rule, on edge cases and on random strings of the characters that
 * matter to it.
 */
@DisplayName("bundle name rules: the character checks answer as their regular expressions")
class BundleNameRulesTest {
    private static final Pattern KEY =
            Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}(/[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}){0,7}");
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern MIME = Pattern.compile("[a-zA-Z0-9.+-]+/[a-zA-Z0-9.+-]+");

    @Test
    @DisplayName("media keys: segments, their lengths and count, dots, slashes and foreign characters")
    void mediaKeys() {
        Predicate<String> rule = k -> k.length() <= 512 && KEY.matcher(k).matches() && !k.contains("..");
        String segment = "a".repeat(128);
        List<String> edges = List.of(
                "",
                "a",
                ".a",
                "a.",
                "a/b",
                "/a",
                "a/",
                "a//b",
                "a/.b",
                "a..b",
                "-_.",
                "a b",
                "é",
                "\u212A", // the Kelvin sign, which lowercases to an ASCII k
                segment,
                segment + "a",
                String.join("/", java.util.Collections.nCopies(8, "a")),
                String.join("/", java.util.Collections.nCopies(9, "a")),
                String.join("/", java.util.Collections.nCopies(4, segment)),
                String.join("/", java.util.Collections.nCopies(4, segment)) + "/a",
                String.join("/", java.util.Collections.nCopies(3, segment)) + "/" + "a".repeat(125), // 512
                String.join("/", java.util.Collections.nCopies(3, segment)) + "/" + "a".repeat(126)); // 513
        for (String key : edges) {
            assertThat(BundleNames.isSafeMediaKey(key)).as(key).isEqualTo(rule.test(key));
        }
        assertThat(BundleNames.isSafeMediaKey(null)).isFalse();
        int accepted = compareOnRandom("aZ9._-/ é", 3, 4, r -> r.nextInt(141), rule, BundleNames::isSafeMediaKey);
        assertThat(accepted).as("random keys accepted").isGreaterThan(1_000);
    }

    @Test
    @DisplayName("entry names: a Windows drive is a letter and a colon, whatever follows")
    void driveLetters() {
        // the expression the check replaced, but with line breaks matched too: "C:" and a line break is a drive
        Pattern drive = Pattern.compile("[A-Za-z]:.*", Pattern.DOTALL);
        for (String name : List.of("C:", "c:/x", "C:\nx", "1:", ":", "C", "CC:", "é:", "\u212A:", "media/C:x", "Z:")) {
            assertThat(BundleReader.isDriveLetter(name))
                    .as(name)
                    .isEqualTo(drive.matcher(name).matches());
        }
        assertThat(BundleReader.isDriveLetter("C:")).isTrue();
        assertThat(BundleReader.isDriveLetter("media/C:x")).isFalse();
    }

    @Test
    @DisplayName("hashes: 64 lowercase hex digits")
    void hashes() {
        for (String hash :
                List.of("", "a".repeat(64), "a".repeat(63), "a".repeat(65), "A".repeat(64), "g".repeat(64))) {
            assertThat(MetadataCheck.isSha256(hash))
                    .as(hash)
                    .isEqualTo(SHA.matcher(hash).matches());
        }
        // 64 digits mostly, one character in a hundred from outside them, some of other lengths
        int accepted = compareOnRandom(
                "0123456789abcdefABCDEFg ",
                16,
                100,
                r -> r.nextInt(10) == 0 ? r.nextInt(70) : 64,
                h -> SHA.matcher(h).matches(),
                MetadataCheck::isSha256);
        assertThat(accepted).isBetween(10_000, 95_000);
    }

    @Test
    @DisplayName("content types: type/subtype of letters, digits, '.', '+' and '-'")
    void contentTypes() {
        Predicate<String> rule = t -> MIME.matcher(t).matches();
        for (String type : List.of("", "/", "a/", "/a", "a/b", "a/b/c", "image/svg+xml", "a b/c", "a/é")) {
            assertThat(MetadataCheck.isMimeType(type)).as(type).isEqualTo(rule.test(type));
        }
        assertThat(MetadataCheck.isMimeType(null)).isFalse();
        int accepted = compareOnRandom("aZ9.+-/ é", 3, 4, r -> r.nextInt(13), rule, MetadataCheck::isMimeType);
        assertThat(accepted).as("random types accepted").isGreaterThan(1_000);
    }

    /**
     * Compares {@code check} with {@code rule} on 100,000 random strings of {@code length} characters: from the first
     * {@code common} of {@code alphabet}, one in {@code rareOneIn} from all of it (so that long valid strings occur as
     * well as every kind of fault). Returns how many the rule accepted.
     */
    private static int compareOnRandom(
            String alphabet,
            int common,
            int rareOneIn,
            ToIntFunction<SplittableRandom> length,
            Predicate<String> rule,
            Predicate<String> check) {
        SplittableRandom random = new SplittableRandom(7);
        int accepted = 0;
        for (int i = 0; i < 100_000; i++) {
            int n = length.applyAsInt(random);
            StringBuilder s = new StringBuilder(n);
            for (int j = 0; j < n; j++) {
                s.append(alphabet.charAt(
                        random.nextInt(rareOneIn) == 0 ? random.nextInt(alphabet.length()) : random.nextInt(common)));
            }
            String value = s.toString();
            boolean expected = rule.test(value);
            assertThat(check.test(value)).as(value).isEqualTo(expected);
            accepted += expected ? 1 : 0;
        }
        return accepted;
    }
}
