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
}
