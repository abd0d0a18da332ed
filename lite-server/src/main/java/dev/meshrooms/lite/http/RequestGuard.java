package dev.meshrooms.lite.http;

import dev.meshrooms.lite.http.support.RequestAuth;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The first thing every request meets, before the app sees it:
 * <ul>
 * <li>methods outside the HTTP methods Mesh-Lite serves are answered 501 at once (no route lookup, no metrics
 *     series, nothing kept per method name);</li>
 * <li>requests with a body are bounded per client: at most {@value #BODIES_PER_CLIENT} at once per token (per address
 *     without one), the rest answered 429 with {@code Retry-After}. Bodies are read on request threads, and a client
 *     sending many slow bodies would otherwise hold them all; and each body must keep arriving at
 *     {@value #MIN_BYTES_PER_SECOND} B/s once the app reads it ({@link BodyRate}), or it ends with 408;</li>
 * <li>security headers on every response: {@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy},
 *     {@code X-Frame-Options: DENY}, and a Content-Security-Policy without inline scripts or styles.</li>
 * </ul>
 */
final class RequestGuard implements Filter {
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    static final int BODIES_PER_CLIENT = 8;
    /** The slowest a request body may arrive, averaged, after {@value #GRACE_MILLIS} ms. */
    static final long MIN_BYTES_PER_SECOND = 4096;

    static final long GRACE_MILLIS = 2_000;
    private final Map<String, AtomicInteger> bodies = new ConcurrentHashMap<>();
    private final String contentSecurityPolicy;
    private final WorkQueue queue;

    /**
     * @param storeOrigin where browsers fetch media from besides this server (an external store), or null
     * @param queue whose turn a request holds ends here at the latest
     */
    RequestGuard(String storeOrigin, WorkQueue queue) {
        this.queue = queue;
        String media = storeOrigin == null ? "'self'" : "'self' " + storeOrigin;
        this.contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src " + media
                + " data: blob:; media-src " + media + " blob:; connect-src 'self'; font-src 'self'; base-uri 'none';"
                + " form-action 'self'; frame-ancestors 'none'";
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Content-Security-Policy", contentSecurityPolicy);
        if (!METHODS.contains(request.getMethod())) {
            refuse(
                    response,
                    501,
                    "Not implemented",
                    "HTTP method not served here; use GET, POST, PUT, PATCH, DELETE," + " HEAD or OPTIONS.");
            return;
        }
        if (!hasBody(request)) {
            try {
                chain.doFilter(req, res);
            } finally {
                queue.leave(request);
            }
            return;
        }
        String client = client(request);
        AtomicInteger inFlight = bodies.computeIfAbsent(client, k -> new AtomicInteger());
        if (inFlight.incrementAndGet() > BODIES_PER_CLIENT) {
            release(client, inFlight);
            response.setHeader("Retry-After", "1");
            refuse(
                    response,
                    429,
                    "Too many requests",
                    "This client is sending " + BODIES_PER_CLIENT
                            + " request bodies at once already; wait for them to finish.");
            return;
        }
        try {
            chain.doFilter(new BodyRate(request, MIN_BYTES_PER_SECOND, GRACE_MILLIS), res);
        } finally {
            queue.leave(request);
            release(client, inFlight);
        }
    }

    private void release(String client, AtomicInteger inFlight) {
        if (inFlight.decrementAndGet() <= 0) {
            bodies.remove(client, inFlight);
        }
    }

    /** Whether the request comes with a body (a length above zero, or chunks). */
    static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    /** Who sends the body: the token it carries (hashed, never kept in clear), else its address. */
    private static String client(HttpServletRequest request) {
        String credential = request.getHeader("Authorization");
        if (credential == null && request.getCookies() != null) {
            for (var cookie : request.getCookies()) {
                if (RequestAuth.COOKIE.equals(cookie.getName())
                        || RequestAuth.SESSION_COOKIE.equals(cookie.getName())) {
                    credential = cookie.getValue();
                }
            }
        }
        if (credential == null) {
            return "address " + request.getRemoteAddr();
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(credential.getBytes(StandardCharsets.UTF_8));
            return "token " + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void refuse(HttpServletResponse response, int status, String title, String details)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/json; charset=utf-8");
        response.getWriter()
                .write("{\"title\":\"" + title + "\",\"status\":" + status + ",\"type\":\"http-" + status
                        + "\",\"details\":\"" + details + "\"}");
    }
}
