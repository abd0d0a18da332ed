package dev.meshrooms.lite.http.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshrooms.core.error.MeshException;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reads small JSON request bodies strictly: valid UTF-8, a JSON object, string fields where strings are expected. */
public final class JsonBodies {
    private final ObjectMapper mapper;

    public JsonBodies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public JsonNode object(Context ctx) {
        byte[] raw = ctx.bodyAsBytes();
        if (raw.length == 0) {
            throw MeshException.invalid("request body", "is empty; send a JSON object");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        String text;
        ByteBuffer buffer = ByteBuffer.wrap(raw);
        try {
            text = decoder.decode(buffer).toString();
        } catch (CharacterCodingException e) {
            throw MeshException.invalid(
                    "request body", "is not valid UTF-8 (near byte " + buffer.position() + "); send UTF-8 JSON");
        }
        try {
            JsonNode node = mapper.readTree(text);
            if (node == null || !node.isObject()) {
                throw MeshException.invalid("request body", "must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw MeshException.invalid("request body", "is not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    /** A string field, or null when absent; any other JSON type is an error naming the field. */
    public static String string(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw MeshException.invalid(field, "must be a string");
        }
        return value.asText();
    }
}
