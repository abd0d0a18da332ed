package dev.meshrooms.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Rewriting links to the source instance's media")
class LinkRewriterTest {
    private final UUID room = UUID.fromString("11111111-2222-3333-4444-555555555555");
    private final String key = "9f0c/photo.png";
    private final LinkRewriter links = new LinkRewriter(
            List.of("mesh.example.org", "cdn.mesh.example.org", "mesh-media.s3.eu-west-1.amazonaws.com"),
            Set.of(key),
            room);

    @Test
    @DisplayName("the instance, its CDN and S3 in path, virtual-host and regional forms become /media/<room>/<key>")
    void rewritesKnownForms() {
        String local = "/media/" + room + "/" + key;
        for (String url : List.of(
                "https://mesh.example.org/media/7c9e/" + key,
                "https://cdn.mesh.example.org/7c9e/" + key + "?v=2",
                "https://mesh-media.s3.eu-west-1.amazonaws.com/7c9e/" + key,
                "https://s3.eu-west-1.amazonaws.com/mesh-media/7c9e/" + key,
                "https://mesh-media.s3.amazonaws.com/7c9e/" + key,
                "https://s3-us-east-2.amazonaws.com/mesh-media/" + key,
                "http://mesh.example.org/" + key)) {
            assertThat(links.rewrite("look: " + url + " nice")).as(url).isEqualTo("look: " + local + " nice");
        }
    }

    @Test
    @DisplayName("other hosts, unknown keys and text without links stay as they are; leftovers are reported")
    void leavesOthers() {
        String text = "https://elsewhere.example/" + key + " and https://mesh.example.org/media/x/unknown.png";
        assertThat(links.rewrite(text)).isSameAs(text);
        assertThat(links.remaining(text)).containsExactly("https://mesh.example.org/media/x/unknown.png");
        assertThat(links.rewrite("no links here")).isEqualTo("no links here");
        assertThat(links.isSource(java.net.URI.create("https://evilmesh.example.org/" + key)))
                .isFalse();
    }

    @Test
    @DisplayName(
            "another bucket on S3 is not the source, in virtual-host or path form; the source's bucket is, in any region")
    void otherBuckets() {
        String text = "https://other-bucket.s3.eu-west-1.amazonaws.com/7c9e/" + key
                + " https://s3.amazonaws.com/other-bucket/" + key
                + " https://s3.eu-west-1.amazonaws.com/mesh-media-2/x.png https://mesh-media.s3.us-west-2.amazonaws.com/gone.png";
        assertThat(links.rewrite(text)).isSameAs(text);
        assertThat(links.remaining(text)).containsExactly("https://mesh-media.s3.us-west-2.amazonaws.com/gone.png");
        assertThat(links.remaining("https://s3.us-west-2.amazonaws.com/mesh-media/gone.png"))
                .hasSize(1);
    }

    @Test
    @DisplayName("a configured host (MESH_IMPORT_SOURCE_HOSTS) covers its subdomains: regional CDN edges")
    void configuredHosts() {
        LinkRewriter configured = new LinkRewriter(List.of("media.legacy.example"), Set.of(key), room);
        assertThat(configured.rewrite("https://eu-1.media.legacy.example/" + key))
                .isEqualTo("/media/" + room + "/" + key);
        assertThat(configured.rewrite("https://media.legacy.example.evil.test/" + key))
                .endsWith(".evil.test/" + key);
        assertThat(configured.remaining("https://notmedia.legacy.example/" + key))
                .isEmpty();
    }
}
