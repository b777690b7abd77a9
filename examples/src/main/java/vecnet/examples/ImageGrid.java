package vecnet.examples;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

/** A PNG grid of grey images (values in [0, 1], clamped; 1 is white), row by row, with a 1-pixel gap. */
final class ImageGrid {
    static final int GAP = 1;

    private ImageGrid() {
    }

    /**
     * Writes {@code tiles} (each {@code h * w} values, row-major) to {@code png}, {@code cols} per row, each
     * pixel drawn as a {@code scale x scale} block; parent folders are created. Returns {@code png}.
     */
    static Path write(Path png, List<float[]> tiles, int h, int w, int cols, int scale) throws IOException {
        if (png == null || tiles == null) {
            throw new IllegalArgumentException("png and tiles must not be null");
        }
        if (tiles.isEmpty() || h < 1 || w < 1 || cols < 1 || scale < 1) {
            throw new IllegalArgumentException("need at least one tile and h, w, cols, scale >= 1, were " + tiles.size()
                    + " tiles, " + h + ", " + w + ", " + cols + ", " + scale);
        }
        int rows = (tiles.size() + cols - 1) / cols;
        int cellW = w * scale + GAP;
        int cellH = h * scale + GAP;
        BufferedImage img = new BufferedImage(cols * cellW + GAP, rows * cellH + GAP, BufferedImage.TYPE_BYTE_GRAY);
        for (int k = 0; k < tiles.size(); k++) {
            float[] t = tiles.get(k);
            if (t.length != h * w) {
                throw new IllegalArgumentException("tile " + k + " must have " + h * w + " values, had " + t.length);
            }
            int x0 = GAP + (k % cols) * cellW;
            int y0 = GAP + (k / cols) * cellH;
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    float v = Math.max(0f, Math.min(1f, Float.isNaN(t[i * w + j]) ? 0f : t[i * w + j]));
                    int g = Math.round(255 * v);
                    int rgb = (g << 16) | (g << 8) | g;
                    for (int a = 0; a < scale; a++) {
                        for (int b = 0; b < scale; b++) {
                            img.setRGB(x0 + j * scale + b, y0 + i * scale + a, rgb);
                        }
                    }
                }
            }
        }
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(img, "png", png.toFile())) {
            throw new IOException("no PNG writer for " + png);
        }
        return png;
    }
}
