package dev.meshrooms.core.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A picture's size from the bytes that pass on their way to the store")
class ImageSizeTest {

    private static byte[] png(int width, int height) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    @Test
    @DisplayName("a stream read again after a reset (a retried upload) is kept once: the size is still read")
    void replayed() throws Exception {
        byte[] bytes = png(320, 200);
        ImageSize.Head head = new ImageSize.Head(new ByteArrayInputStream(bytes));
        assertThat(head.markSupported()).as("replayable as the stream below is").isTrue();
        head.mark(bytes.length + 1);
        assertThat(head.readNBytes(bytes.length / 2)).hasSize(bytes.length / 2);
        head.reset();
        assertThat(head.readAllBytes()).isEqualTo(bytes);
        assertThat(head.kept())
                .as("what was read before the reset is kept once")
                .isEqualTo(Math.min(bytes.length, ImageSize.HEAD_BYTES));
        ImageSize size = head.size();
        assertThat(size).isNotNull();
        assertThat(size.width()).isEqualTo(320);
        assertThat(size.height()).isEqualTo(200);
    }

    @Test
    @DisplayName("a stream that cannot be replayed is not offered as replayable")
    void oneShot() throws Exception {
        byte[] bytes = png(10, 10);
        ImageSize.Head head = new ImageSize.Head(new java.io.BufferedInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public boolean markSupported() {
                return false;
            }
        });
        assertThat(head.markSupported()).isFalse();
        head.readAllBytes();
        assertThat(head.size().width()).isEqualTo(10);
    }
}
