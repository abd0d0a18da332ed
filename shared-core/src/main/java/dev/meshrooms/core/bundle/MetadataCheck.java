package dev.meshrooms.core.bundle;

import dev.meshrooms.core.db.Migrations;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a parsed metadata.json before anything is written; every refusal names the field. */
final class MetadataCheck {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private MetadataCheck() {}

    static BundleMetadata validate(BundleMetadata m) {
        if (m.formatVersion() != BundleNames.FORMAT_VERSION) {
            throw field(
                    "formatVersion",
                    "is " + m.formatVersion() + "; this Mesh reads bundle format " + BundleNames.FORMAT_VERSION
                            + " (a newer Mesh made this bundle: upgrade Mesh-Lite)");
        }
        if (m.schemaVersion() > Migrations.ROOM_SCHEMA_VERSION) {
            throw new MeshException(
                    ErrorCode.BUNDLE_TOO_NEW,
                    "this bundle needs Mesh schema v" + m.schemaVersion() + "; this installation has v"
                            + Migrations.ROOM_SCHEMA_VERSION + ": upgrade Mesh-Lite"
                            + BundleException.NOTHING_IMPORTED);
        }
        if (m.schemaVersion() < 1) {
            throw field("schemaVersion", "must be 1 or more");
        }
        if (m.room() == null || m.room().id() == null) {
            throw field("room.id", "is missing");
        }
        if (m.room().slug() == null || !SLUG.matcher(m.room().slug()).matches()) {
            throw field(
                    "room.slug",
                    BundleReader.quote(String.valueOf(m.room().slug())) + " is not a valid slug (lowercase"
                            + " letters, digits and dashes, 1 to 63)");
        }
        if (m.room().name() == null
                || m.room().name().isBlank()
                || m.room().name().length() > 200
                || m.room().name().indexOf('\0') >= 0) {
            throw field("room.name", "must be 1 to 200 characters without NUL");
        }
        if (m.room().visibility() != null && !m.room().visibility().matches("public|private")) {
            throw field("room.visibility", "must be public or private");
        }
        if (m.dbSql() == null
                || m.dbSql().sha256() == null
                || !isSha256(m.dbSql().sha256())
                || m.dbSql().size() < 0) {
            throw field("dbSql", "needs a size and a lowercase hex sha256");
        }
        if (m.authors() == null) {
            throw field("authors", "is missing");
        }
        for (var author : m.authors()) {
            if (author == null) {
                throw field("authors", "holds a null entry");
            }
            if (author.id() == null
                    || author.handle() == null
                    || author.handle().isBlank()
                    || author.handle().length() > 64) {
                throw field("authors", "every author needs an id and a handle of 1 to 64 characters");
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(author.publicKey());
            } catch (RuntimeException e) {
                key = new byte[0];
            }
            if (key.length != 32) {
                throw field("authors[" + author.handle() + "].publicKey", "must be a base64 Ed25519 key of 32 bytes");
            }
        }
        if (m.members() != null && m.members().stream().anyMatch(java.util.Objects::isNull)) {
            throw field("members", "holds a null entry");
        }
        if (m.media() == null) {
            throw field("media", "is missing (a room without media has an empty list)");
        }
        Set<String> keys = new HashSet<>();
        for (var file : m.media()) {
            if (file == null) {
                throw field("media", "holds a null entry");
            }
            if (!BundleNames.isSafeMediaKey(file.key())) {
                throw field(
                        "media",
                        "key " + BundleReader.quote(String.valueOf(file.key())) + " is not a plain relative path");
            }
            if (!keys.add(file.key())) {
                throw field("media", "key " + file.key() + " is listed twice");
            }
            if (file.size() < 0 || file.sha256() == null || !isSha256(file.sha256())) {
                throw field("media[" + file.key() + "]", "needs a size and a lowercase hex sha256");
            }
            if (!isMimeType(file.contentType())) {
                throw field("media[" + file.key() + "].contentType", "is not a MIME type");
            }
        }
        return m;
    }

    /** 64 lowercase hex digits. This and the next are checked a character at a time: every media entry asks them. */
    static boolean isSha256(String hex) {
        if (hex.length() != 64) {
            return false;
        }
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** type/subtype, each one or more of ASCII letters, digits, '.', '+' and '-'. */
    static boolean isMimeType(String type) {
        if (type == null) {
            return false;
        }
        int slash = type.indexOf('/');
        return slash > 0
                && slash < type.length() - 1
                && isMimeToken(type, 0, slash)
                && isMimeToken(type, slash + 1, type.length());
    }

    private static boolean isMimeToken(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(BundleNames.isAsciiLetterOrDigit(c) || c == '.' || c == '+' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static MeshException field(String field, String problem) {
        return BundleException.invalid("metadata.json " + field, problem);
    }
}
