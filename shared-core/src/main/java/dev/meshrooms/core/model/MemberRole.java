package dev.meshrooms.core.model;

import java.util.Locale;

/** A member's role in one room. */
public enum MemberRole {
    ADMIN,
    MEMBER;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MemberRole fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The role named in a request ("admin", "member"; absent: member); INVALID_INPUT naming {@code field}. */
    public static MemberRole parse(String field, String text) {
        if (text == null) {
            return MEMBER;
        }
        try {
            return fromDb(text);
        } catch (IllegalArgumentException e) {
            throw dev.meshrooms.core.error.MeshException.invalid(field, "must be \"admin\" or \"member\"");
        }
    }
}
