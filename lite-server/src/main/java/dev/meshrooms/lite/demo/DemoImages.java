package dev.meshrooms.lite.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Pictures for the demo room, drawn at start-up so the repository ships no binaries. */
final class DemoImages {
    private DemoImages() {}

    /** A sunset over hills, as if someone shared a photo from the meetup. */
    static byte[] sunset() {
        BufferedImage img = new BufferedImage(640, 400, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(img);
        g.setPaint(new GradientPaint(0, 0, new Color(0x2b1d5c), 0, 300, new Color(0xf49a5a)));
        g.fillRect(0, 0, 640, 400);
        g.setColor(new Color(0xffd27f));
        g.fill(new Ellipse2D.Double(390, 170, 120, 120));
        hill(g, new Color(0x3d2f5a), 260, 0.012, 40);
        hill(g, new Color(0x241a3d), 300, 0.018, 30);
        g.setColor(new Color(255, 255, 255, 220));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 26));
        g.drawString("Meetup at the lake, 18:40", 28, 370);
        return png(img, g);
    }

    /** A bar chart of the garden's harvest. */
    static byte[] chart() {
        BufferedImage img = new BufferedImage(640, 400, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(img);
        g.setColor(new Color(0xfbfbfd));
        g.fillRect(0, 0, 640, 400);
        g.setColor(new Color(0x1f2440));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 24));
        g.drawString("Community garden harvest (kg)", 30, 44);
        String[] labels = {"Tomatoes", "Beans", "Squash", "Herbs", "Berries"};
        int[] values = {42, 27, 35, 12, 19};
        Color[] colors = {
            new Color(0xe1795b), new Color(0x3fa37a), new Color(0xd1a13b), new Color(0x5b6ee1), new Color(0xb35bd1)
        };
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        for (int i = 0; i < values.length; i++) {
            int x = 50 + i * 115;
            int h = values[i] * 6;
            g.setColor(colors[i]);
            g.fillRoundRect(x, 340 - h, 80, h, 12, 12);
            g.setColor(new Color(0x3a4055));
            g.drawString(labels[i], x, 368);
            g.drawString(Integer.toString(values[i]), x + 28, 332 - h);
        }
        g.setStroke(new BasicStroke(2));
        g.drawLine(40, 341, 610, 341);
        return png(img, g);
    }

    /** A hand-drawn looking map to the meeting point. */
    static byte[] map() {
        BufferedImage img = new BufferedImage(640, 400, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(img);
        g.setColor(new Color(0xe9f1e4));
        g.fillRect(0, 0, 640, 400);
        g.setColor(new Color(0x9cc7e6));
        g.fill(new Ellipse2D.Double(380, 40, 220, 150));
        g.setColor(new Color(0xc9b99a));
        g.setStroke(new BasicStroke(14, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D road = new Path2D.Double();
        road.moveTo(20, 360);
        road.curveTo(200, 330, 220, 200, 380, 210);
        road.curveTo(460, 215, 500, 260, 620, 250);
        g.draw(road);
        g.setColor(new Color(0xd14d6e));
        g.fill(new Ellipse2D.Double(368, 196, 26, 26));
        g.setColor(new Color(0x1f2440));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
        g.drawString("We meet here", 330, 250);
        g.drawString("Lake", 470, 120);
        g.drawString("Station", 24, 340);
        return png(img, g);
    }

    private static void hill(Graphics2D g, Color color, int base, double frequency, int amplitude) {
        Path2D path = new Path2D.Double();
        path.moveTo(0, 400);
        for (int x = 0; x <= 640; x += 8) {
            path.lineTo(x, base + Math.sin(x * frequency) * amplitude);
        }
        path.lineTo(640, 400);
        path.closePath();
        g.setColor(color);
        g.fill(path);
    }

    private static Graphics2D start(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        return g;
    }

    private static byte[] png(BufferedImage img, Graphics2D g) {
        g.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
