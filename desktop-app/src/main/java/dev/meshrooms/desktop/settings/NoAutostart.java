package dev.meshrooms.desktop.settings;

/** Where the app cannot yet register itself to start at login (macOS, Windows). */
final class NoAutostart implements Autostart {
    static final String REASON = "Start at login is available on Linux. On macOS add Mesh-Lite under System Settings → "
            + "General → Login Items; on Windows put a shortcut to it in the Startup folder (Win+R, shell:startup).";

    @Override
    public boolean supported() {
        return false;
    }

    @Override
    public String unsupportedReason() {
        return REASON;
    }

    @Override
    public boolean enabled() {
        return false;
    }

    @Override
    public void enable() {
        throw new UnsupportedOperationException(REASON);
    }

    @Override
    public void disable() {
        // nothing was registered
    }
}
