package dev.meshrooms.desktop.instance;

import java.nio.file.Path;
import java.util.List;

/** What a second launch hands to the running app: bundle files to import (none: just bring the window to front). */
public record Handoff(List<Path> files) {
    public Handoff {
        files = List.copyOf(files);
    }
}
