package dev.meshrooms.core.model;

import dev.meshrooms.core.error.MeshException;

/** The rules a message body follows. */
public final class MessageBody {
    public static final int MAX_CHARS = 10_000;

    private MessageBody() {}

    public static String validate(String body) {
        if (body == null || body.isBlank()) {
            throw MeshException.invalid("body", "is empty; send some text");
        }
        if (body.length() > MAX_CHARS) {
            throw MeshException.invalid("body", "has " + body.length() + " characters; the limit is " + MAX_CHARS);
        }
        if (body.indexOf('\0') >= 0) {
            throw MeshException.invalid("body", "contains a NUL character, which PostgreSQL text cannot store");
        }
        for (int i = 0; i < body.length(); i++) {
            char ch = body.charAt(i);
            if (Character.isHighSurrogate(ch)
                            && (i + 1 == body.length() || !Character.isLowSurrogate(body.charAt(i + 1)))
                    || Character.isLowSurrogate(ch) && (i == 0 || !Character.isHighSurrogate(body.charAt(i - 1)))) {
                throw MeshException.invalid(
                        "body", "contains an unpaired surrogate at character " + i + " (invalid UTF-16)");
            }
        }
        return body;
    }
}
