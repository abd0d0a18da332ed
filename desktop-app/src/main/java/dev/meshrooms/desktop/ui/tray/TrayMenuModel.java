package dev.meshrooms.desktop.ui.tray;

import dev.meshrooms.desktop.session.ServerState;
import dev.meshrooms.desktop.ui.common.AppActions;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The tray menu built from the server's state: Start/Stop room server, Open rooms in browser, Open Mesh-Lite, Import
 * bundle…, Settings…, Logs, Quit. A plain
 * model, so tests drive it without a tray; {@link AwtTrayMenu} shows it where the desktop has one.
 */
public record TrayMenuModel(String tooltip, boolean serverRunning, List<TrayMenuItem> items) {
    public static final String START = "Start room server";
    public static final String STOP = "Stop room server";
    public static final String OPEN = "Open Mesh-Lite";
    public static final String OPEN_BROWSER = "Open rooms in browser";
    public static final String IMPORT = "Import bundle…";
    public static final String SETTINGS = "Settings…";
    public static final String LOGS = "Logs";
    public static final String QUIT = "Quit";

    public static TrayMenuModel of(ServerState state, AppActions actions) {
        TrayMenuItem server = switch (state.status()) {
            case RUNNING -> new TrayMenuItem(STOP, true, actions::stopServer);
            case STARTING, STOPPING ->
                new TrayMenuItem(
                        state.status() == ServerState.Status.STARTING
                                ? "Room server starting…"
                                : "Room server stopping…",
                        false,
                        () -> {});
            default -> new TrayMenuItem(START, true, actions::startServer);
        };
        String tooltip = state.running()
                ? "Mesh-Lite — room server running at " + state.url()
                : "Mesh-Lite — room server stopped";
        return new TrayMenuModel(
                tooltip,
                state.running(),
                List.of(
                        server,
                        new TrayMenuItem(OPEN_BROWSER, state.running(), actions::openInBrowser),
                        new TrayMenuItem(OPEN, true, actions::showWindow),
                        new TrayMenuItem(IMPORT, true, actions::chooseBundles),
                        new TrayMenuItem(SETTINGS, true, actions::showSettings),
                        new TrayMenuItem(LOGS, true, actions::showLogs),
                        new TrayMenuItem(QUIT, true, actions::quit)));
    }

    public TrayMenuItem item(String label) {
        return items.stream()
                .filter(i -> i.label().equals(label))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no tray item \"" + label + "\" in " + items));
    }
}
