package dev.meshrooms.desktop.ui.common;

/** What the window's buttons and the tray menu do; the launcher wires them to the session. */
public interface AppActions {
    void startServer();

    void stopServer();

    /** Opens the running room server's rooms page in the browser. */
    void openInBrowser();

    /** Brings the main window to the front. */
    void showWindow();

    /** Asks for bundle files and imports them. */
    void chooseBundles();

    void createDemoRoom();

    /** Opens the Settings window. */
    void showSettings();

    /** Opens the Logs window. */
    void showLogs();

    /** Stops the server and the embedded services, then leaves. */
    void quit();
}
