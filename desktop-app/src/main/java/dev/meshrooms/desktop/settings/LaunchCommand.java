package dev.meshrooms.desktop.settings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How to start this app again (for the autostart entry): the installed launcher, else this JVM and class path. */
public record LaunchCommand(List<String> arguments) {
    public static final String AUTOSTART_FLAG = "--autostart";
    /** Set by jpackage's launcher to its own path. */
    static final String JPACKAGE_APP_PATH = "jpackage.app-path";

    public LaunchCommand {
        arguments = List.copyOf(arguments);
    }

    public static LaunchCommand current(String mainClass) {
        String launcher = System.getProperty(JPACKAGE_APP_PATH);
        if (launcher != null && !launcher.isBlank()) {
            return new LaunchCommand(List.of(launcher));
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new LaunchCommand(List.of(java, "-cp", System.getProperty("java.class.path"), mainClass));
    }

    public LaunchCommand withArgument(String argument) {
        List<String> next = new ArrayList<>(arguments);
        next.add(argument);
        return new LaunchCommand(next);
    }
}
