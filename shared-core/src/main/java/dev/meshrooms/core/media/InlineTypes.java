package dev.meshrooms.core.media;

import java.util.Locale;
import java.util.Set;

/**
 * Which media a browser may show in place. Only types a browser renders as passive content — raster images, audio,
 * video and PDF (shown in the browser's sandboxed viewer) — are served inline; everything else, HTML, SVG, XML,
 * JavaScript and any unknown type among them, is served as a download ({@code application/octet-stream},
 * {@code Content-Disposition: attachment}), so a file in a room can never become a page on any of the installation's
 * origins.
 */
public final class InlineTypes {
    private static final Set<String> INLINE = Set.of(
            "image/png",
            "image/jpeg",
            "image/gif",
            "image/webp",
            "image/avif",
            "image/bmp",
            "audio/mpeg",
            "audio/ogg",
            "audio/wav",
            "audio/webm",
            "audio/aac",
            "audio/flac",
            "audio/mp4",
            "video/mp4",
            "video/webm",
            "video/ogg",
            "application/pdf");
    /** What a download is served as, whatever the uploader said it was. */
    public static final String DOWNLOAD = "application/octet-stream";

    private InlineTypes() {}

    /** Whether media of this type (as recorded; parameters ignored) is shown in place. */
    public static boolean inline(String contentType) {
        return contentType != null && INLINE.contains(base(contentType));
    }

    /** The type the object is served with: its own when inline, else {@link #DOWNLOAD}. */
    public static String servedAs(String contentType) {
        return inline(contentType) ? base(contentType) : DOWNLOAD;
    }

    /** The {@code Content-Disposition} for an object with this file name. */
    public static String disposition(String contentType, String fileName) {
        String safe = fileName == null ? "file" : fileName.replaceAll("[^A-Za-z0-9._-]", "_");
        return (inline(contentType) ? "inline" : "attachment") + "; filename=\"" + safe + "\"";
    }

    private static String base(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .strip()
                .toLowerCase(Locale.ROOT);
    }
}
