package dev.meshrooms.core.bundle;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites absolute links to the source instance's media (its own host, its CDN and S3 hosts and their subdomains;
 * its S3 buckets in path or virtual-host form, any region) into this instance's stable media paths
 * {@code /media/<roomId>/<key>}, when the link's path ends with a media key the bundle carries.
 */
final class LinkRewriter {
    private static final Pattern URL = Pattern.compile("https?://[^\\s\"'<>()\\[\\]]+");
    private static final Pattern S3_HOST =
            Pattern.compile("(?:[a-z0-9.-]+\\.)?s3(?:[.-][a-z0-9-]+)?(?:\\.dualstack)?\\.amazonaws\\.com");
    private final List<String> hosts;
    /** The source's S3 buckets, from its hosts in virtual-host form ({@code <bucket>.s3.<region>.amazonaws.com}). */
    private final Set<String> buckets = new HashSet<>();

    private final Set<String> keys;
    private final UUID newRoomId;

    LinkRewriter(List<String> sourceHosts, Set<String> mediaKeys, UUID newRoomId) {
        this.hosts = new ArrayList<>();
        for (String host : sourceHosts) {
            String h = host.toLowerCase(Locale.ROOT);
            hosts.add(h);
            if (S3_HOST.matcher(h).matches() && h.indexOf(".s3") > 0) {
                buckets.add(h.substring(0, h.indexOf(".s3")));
            }
        }
        this.keys = mediaKeys;
        this.newRoomId = newRoomId;
    }

    static List<String> hostsOf(BundleMetadata metadata, List<String> extra) {
        List<String> hosts = new ArrayList<>(extra);
        if (metadata.source() != null) {
            if (metadata.source().url() != null) {
                try {
                    String host = URI.create(metadata.source().url()).getHost();
                    if (host != null) {
                        hosts.add(host);
                    }
                } catch (IllegalArgumentException ignored) {
                    // not a URL: nothing to match
                }
            }
            if (metadata.source().mediaHosts() != null) {
                hosts.addAll(metadata.source().mediaHosts());
            }
        }
        return hosts;
    }

    /**
     * Whether a link points at the source: one of its hosts or a subdomain of one, or its S3 buckets in any region,
     * virtual-host or path form (another bucket on S3 is not the source).
     */
    boolean isSource(URI url) {
        String h = url.getHost() == null ? null : url.getHost().toLowerCase(Locale.ROOT);
        if (h == null) {
            return false;
        }
        for (String known : hosts) {
            if (h.equals(known) || h.endsWith("." + known)) {
                return true;
            }
        }
        if (buckets.isEmpty() || !S3_HOST.matcher(h).matches()) {
            return false;
        }
        int dot = h.indexOf(".s3");
        if (dot > 0) {
            return buckets.contains(h.substring(0, dot));
        }
        String path = url.getPath() == null ? "" : url.getPath();
        int end = path.indexOf('/', 1);
        return path.length() > 1 && buckets.contains(end < 0 ? path.substring(1) : path.substring(1, end));
    }

    /** The text with source links replaced; the same instance when nothing changed. */
    String rewrite(String text) {
        Matcher m = URL.matcher(text);
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            String local = localPath(m.group());
            if (local != null) {
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                out.append(text, last, m.start()).append(local);
                last = m.end();
            }
        }
        if (out == null) {
            return text;
        }
        return out.append(text, last, text.length()).toString();
    }

    /** Links in the text that still point at the source instance. */
    List<String> remaining(String text) {
        List<String> left = new ArrayList<>();
        Matcher m = URL.matcher(text);
        while (m.find()) {
            URI url = uri(m.group());
            if (url != null && isSource(url)) {
                left.add(m.group());
            }
        }
        return left;
    }

    private String localPath(String url) {
        URI uri = uri(url);
        if (uri == null || !isSource(uri) || uri.getPath() == null) {
            return null;
        }
        String path = uri.getPath();
        String best = null;
        for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
            String candidate = path.substring(i + 1);
            if (keys.contains(candidate)) {
                best = candidate;
                break;
            }
        }
        return best == null ? null : "/media/" + newRoomId + "/" + best;
    }

    private static URI uri(String url) {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
