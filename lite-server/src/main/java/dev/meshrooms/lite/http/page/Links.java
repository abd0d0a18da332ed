package dev.meshrooms.lite.http.page;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds links in a message's text: {@code http://} and {@code https://} only (never {@code javascript:} or
 * {@code data:}), without trailing punctuation that ends a sentence. The page's script does the same for live
 * messages (room.js).
 */
final class Links {
    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"'`]+", Pattern.CASE_INSENSITIVE);
    private static final String TRAILING = ".,;:!?)]}'\"";

    private Links() {}

    static List<RoomView.BodyPart> parts(String text) {
        List<RoomView.BodyPart> parts = new ArrayList<>();
        Matcher m = URL.matcher(text);
        int at = 0;
        while (m.find()) {
            int end = m.end();
            while (end > m.start() && TRAILING.indexOf(text.charAt(end - 1)) >= 0) {
                end--;
            }
            if (end - m.start() <= "https://".length()) {
                continue;
            }
            if (m.start() > at) {
                parts.add(new RoomView.BodyPart(text.substring(at, m.start()), null));
            }
            String url = text.substring(m.start(), end);
            parts.add(new RoomView.BodyPart(url, url));
            at = end;
        }
        if (at < text.length()) {
            parts.add(new RoomView.BodyPart(text.substring(at), null));
        }
        return parts;
    }
}
