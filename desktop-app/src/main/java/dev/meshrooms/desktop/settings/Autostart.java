package dev.meshrooms.desktop.settings;

/** Starting Mesh-Lite (and its room server) when the user logs in, where the OS lets an app arrange it. */
public interface Autostart {
    boolean supported();

    /** Why it is not supported here, for the Settings window; null when supported. */
    String unsupportedReason();

    boolean enabled();

    void enable();

    void disable();

    default void set(boolean on) {
        if (on) {
            enable();
        } else {
            disable();
        }
    }

    /** The autostart of this OS: the XDG entry on Linux, none elsewhere (yet). */
    static Autostart forPaths(DesktopPaths paths, LaunchCommand command) {
        return paths.autostartFile() != null ? new XdgAutostart(paths.autostartFile(), command) : new NoAutostart();
    }
}
