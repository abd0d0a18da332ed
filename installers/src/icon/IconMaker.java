import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws the Mesh-Lite icon (a rounded tile with a small mesh of connected rooms) and writes it in the three formats
 * jpackage takes: PNG (Linux), ICO (Windows, PNG-compressed entries) and ICNS (macOS, PNG entries). The outputs are
 * committed next to this file; re-run after a design change: {@code java installers/src/icon/IconMaker.java installers/src/icon}.
 */
public final class IconMaker {
    private static final double[][] NODES = {{0.30, 0.32}, {0.70, 0.30}, {0.50, 0.52}, {0.28, 0.72}, {0.72, 0.72}};
    private static final int[][] EDGES = {{0, 1}, {0, 2}, {1, 2}, {2, 3}, {2, 4}, {3, 4}, {0, 3}, {1, 4}};

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        Files.write(dir.resolve("mesh-lite.png"), png(draw(256)));
        Files.write(dir.resolve("mesh-lite.ico"), ico(16, 32, 48, 256));
        Files.write(dir.resolve("mesh-lite.icns"), icns());
    }

    static BufferedImage draw(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        double s = size;
        g.setPaint(new GradientPaint(0, 0, new Color(0x2E, 0x7D, 0xD7), (float) s, (float) s, new Color(0x1B, 0x3F, 0x8B)));
        g.fill(new RoundRectangle2D.Double(s * 0.04, s * 0.04, s * 0.92, s * 0.92, s * 0.36, s * 0.36));
        g.setColor(new Color(255, 255, 255, 170));
        g.setStroke(new BasicStroke((float) Math.max(1.5, s * 0.035), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int[] e : EDGES) {
            g.draw(new Line2D.Double(NODES[e[0]][0] * s, NODES[e[0]][1] * s, NODES[e[1]][0] * s, NODES[e[1]][1] * s));
        }
        for (int i = 0; i < NODES.length; i++) {
            double r = s * (i == 2 ? 0.11 : 0.08);
            g.setColor(i == 2 ? new Color(0xFF, 0xC1, 0x3B) : Color.WHITE);
            g.fill(new Ellipse2D.Double(NODES[i][0] * s - r, NODES[i][1] * s - r, 2 * r, 2 * r));
        }
        g.dispose();
        return image;
    }

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    static byte[] ico(int... sizes) throws IOException {
        byte[][] images = new byte[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            images[i] = png(draw(sizes[i]));
        }
        int offset = 6 + 16 * sizes.length;
        ByteBuffer header = ByteBuffer.allocate(offset).order(ByteOrder.LITTLE_ENDIAN);
        header.putShort((short) 0).putShort((short) 1).putShort((short) sizes.length);
        for (int i = 0; i < sizes.length; i++) {
            header.put((byte) (sizes[i] % 256)).put((byte) (sizes[i] % 256)).put((byte) 0).put((byte) 0);
            header.putShort((short) 1).putShort((short) 32).putInt(images[i].length).putInt(offset);
            offset += images[i].length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header.array());
        for (byte[] image : images) {
            out.write(image);
        }
        return out.toByteArray();
    }

    static byte[] icns() throws IOException {
        String[] types = {"ic07", "ic08", "ic09"};
        int[] sizes = {128, 256, 512};
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream entries = new DataOutputStream(body);
        for (int i = 0; i < types.length; i++) {
            byte[] image = png(draw(sizes[i]));
            entries.writeBytes(types[i]);
            entries.writeInt(image.length + 8);
            entries.write(image);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream file = new DataOutputStream(out);
        file.writeBytes("icns");
        file.writeInt(body.size() + 8);
        file.write(body.toByteArray());
        return out.toByteArray();
    }
}
