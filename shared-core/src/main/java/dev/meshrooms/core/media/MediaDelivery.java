package dev.meshrooms.core.media;

import java.io.InputStream;
import java.net.URI;

/**
 * How a media object reaches a browser: a redirect to a short-lived URL of the store (which serves it with the
 * type and disposition given here), or its bytes through Mesh itself when browsers cannot reach the store (the
 * embedded store listens on this machine's loopback only).
 *
 * @param redirect    where to send the browser, or null when {@code content} is to be served
 * @param content     the object's bytes (the caller closes them), or null for a redirect
 * @param contentType the type to serve it with ({@link InlineTypes#servedAs})
 * @param disposition the {@code Content-Disposition} to serve it with
 */
public record MediaDelivery(URI redirect, InputStream content, long size, String contentType, String disposition) {}
