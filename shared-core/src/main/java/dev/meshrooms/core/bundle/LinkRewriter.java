package dev.meshrooms.core.bundle;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites absolute links to the source instance's media (its own host, its CDN and S3 hosts; S3 in path or
 * virtual-host form, any region) into this instance's stable media paths {@code /media/<roomId>/<key>}, when the
 * link's path ends with a media key the bundle carries.
 */
final class LinkRewriter {
    private static final Pattern URL = Pattern.compile("https?://[^\\s\"'<>()\\[\\]]+");
    private static final Pattern S3_HOST = Pattern.compile("(?:[a-z0-9.-]+\\.)?s3(?:[.-][a-z0-9-]+)?(?:\\.dualstack)?\\.amazonaws\\.com");
    private final List<String> hosts;
    private final boolean s3;
    private final Set<String> keys;
    private final UUID newRoomId;

    LinkRewriter(List<String> sourceHosts, Set<String> mediaKeys, UUID newRoomId) {
        this.hosts = new ArrayList<>();
        boolean anyS3 = false;
        for (String host : sourceHosts) {
            String h = host.toLowerCase(Locale.ROOT);
            hosts.add(h);
            anyS3 |= S3_HOST.matcher(h).matches();
        }
        this.s3 = anyS3;
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

    boolean isSourceHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String known : hosts) {
            if (h.equals(known) || h.endsWith("." + known)) {
                return true;
            }
        }
        return s3 && S3_HOST.matcher(h).matches();
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
            String host = host(m.group());
            if (host != null && isSourceHost(host)) {
                left.add(m.group());
            }
        }
        return left;
    }

    private String localPath(String url) {
        String host = host(url);
        if (host == null || !isSourceHost(host)) {
            return null;
        }
        String path;
        try {
            path = URI.create(url).getPath();
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (path == null) {
            return null;
        }
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

    private static String host(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
