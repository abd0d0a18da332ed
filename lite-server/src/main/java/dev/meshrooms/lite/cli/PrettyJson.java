package dev.meshrooms.lite.cli;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.meshrooms.core.MeshCore;

/** Indented JSON for the commands' {@code --json} output and the mapping file, with the core's mapper settings. */
final class PrettyJson {
    static final ObjectWriter WRITER = MeshCore.json().writerWithDefaultPrettyPrinter();

    private PrettyJson() {}
}
