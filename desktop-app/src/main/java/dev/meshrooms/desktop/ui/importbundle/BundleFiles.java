package dev.meshrooms.desktop.ui.importbundle;

import java.io.File;
import java.util.List;
import java.util.Locale;

/** Which dragged files the window accepts: room bundles ({@code .tar.zst}) only, all of them. */
public final class BundleFiles {
    public static final String EXTENSION = ".tar.zst";

    private BundleFiles() {}

    public static boolean allBundles(List<File> files) {
        return files != null
                && !files.isEmpty()
                && files.stream()
                        .allMatch(f -> f.getName().toLowerCase(Locale.ROOT).endsWith(EXTENSION));
    }
}
