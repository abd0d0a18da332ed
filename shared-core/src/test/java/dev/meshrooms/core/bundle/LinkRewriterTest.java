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
    private final LinkRewriter links = new LinkRewriter(List.of("mesh.example.org", "cdn.mesh.example.org",
            "mesh-media.s3.eu-west-1.amazonaws.com"), Set.of(key), room);

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
        assertThat(links.isSourceHost("evilmesh.example.org")).isFalse();
    }
}
