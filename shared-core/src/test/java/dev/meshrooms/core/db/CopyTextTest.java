package dev.meshrooms.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("COPY text fields read as PostgreSQL reads them")
class CopyTextTest {
    private static final UUID ID = UUID.fromString("0f8e2c4a-9b1d-4e7f-a3c5-d6b7e8f90a1b");

    private static UUID uuid(String field) {
        byte[] b = ("x\t" + field + "\ty").getBytes(StandardCharsets.UTF_8);
        long[] into = new long[2];
        return CopyText.uuid(b, 2, 2 + field.length(), into) ? new UUID(into[0], into[1]) : null;
    }

    private static String unescape(String field) {
        byte[] b = field.getBytes(StandardCharsets.UTF_8);
        return CopyText.unescape(b, 0, b.length);
    }

    @Test
    @DisplayName("uuids: canonical, upper case, braces, no hyphens, hyphens after any four digits")
    void uuids() {
        assertThat(uuid(ID.toString())).isEqualTo(ID);
        assertThat(uuid(ID.toString().toUpperCase())).isEqualTo(ID);
        assertThat(uuid("{" + ID + "}")).isEqualTo(ID);
        assertThat(uuid(ID.toString().replace("-", ""))).isEqualTo(ID);
        assertThat(uuid("0f8e-2c4a-9b1d-4e7f-a3c5-d6b7-e8f9-0a1b")).isEqualTo(ID);
    }

    @Test
    @DisplayName("not uuids: short, long, a stray or double hyphen, a leading hyphen, a non-hex digit, \\N")
    void notUuids() {
        String s = ID.toString();
        assertThat(uuid(s.substring(1))).isNull();
        assertThat(uuid(s + "0")).isNull();
        assertThat(uuid(s.replace("4e7f", "4e-7f"))).isNull();
        assertThat(uuid(s.replace("-4e7f", "--4e7f"))).isNull();
        assertThat(uuid("-" + s.replace("-", ""))).isNull();
        assertThat(uuid(s.replace('a', 'g'))).isNull();
        assertThat(uuid("\\N")).isNull();
        assertThat(uuid(s + "-")).isNull();
    }

    @Test
    @DisplayName("escapes: \\\\ \\t \\n \\r \\b \\f \\v, octal and hex bytes, an unknown escape is its character")
    void escapes() {
        assertThat(unescape("a\\\\b\\tc\\nd\\re\\bf\\fg\\vh")).isEqualTo("a\\b\tc\nd\re\bf\fg\u000bh");
        assertThat(unescape("\\101\\x42\\x4a\\7x")).isEqualTo("ABJ\u0007x");
        assertThat(unescape("\\303\\251t\\xC3\\xa9")).isEqualTo("\u00e9t\u00e9");
        assertThat(unescape("\\q\\x")).isEqualTo("qx");
        assertThat(unescape("plain/key.png")).isEqualTo("plain/key.png");
    }

    @Test
    @DisplayName("null is \\N and only \\N")
    void nulls() {
        byte[] b = "\\N\t\\\\N\tN".getBytes(StandardCharsets.UTF_8);
        assertThat(CopyText.isNull(b, 0, 2)).isTrue();
        assertThat(CopyText.isNull(b, 3, 6)).isFalse();
        assertThat(CopyText.isNull(b, 7, 8)).isFalse();
    }

    @Test
    @DisplayName("whatever text PostgreSQL's own COPY writes, unescaping gives the text back")
    void againstPostgres() throws Exception {
        var server = dev.meshrooms.core.testing.TestPostgres.newDatabase();
        java.util.List<String> texts = java.util.List.of(
                "plain",
                "tab\tnewline\nreturn\rback\\slash",
                "\u0008\u000c\u000b",
                "ümlaut 🎉 \\N not null",
                "quote ' \" and \\x41",
                "\u0001\u001f\u007f",
                "a/b/c.png",
                "N");
        var ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setURL(server.url());
        ds.setUser(server.user());
        try (var c = ds.getConnection()) {
            for (String text : texts) {
                var out = new java.io.ByteArrayOutputStream();
                var copy = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
                String literal =
                        "E'" + text.replace("\\", "\\\\").replace("'", "''").replace("\u0000", "") + "'";
                copy.copyOut("COPY (SELECT " + literal + "::text) TO STDOUT", out);
                byte[] line = out.toByteArray();
                assertThat(CopyText.unescape(line, 0, line.length - 1)).as(text).isEqualTo(text);
                assertThat(CopyText.unescape(new String(line, 0, line.length - 1, StandardCharsets.UTF_8)))
                        .isEqualTo(text);
            }
        }
    }
}
