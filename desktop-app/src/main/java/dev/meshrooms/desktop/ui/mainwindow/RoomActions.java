package dev.meshrooms.desktop.ui.mainwindow;

import dev.meshrooms.desktop.session.LocalRoom;

/** What can be done with one room of the list (its buttons and context menu); the launcher wires them. */
public interface RoomActions {
    /** Opens the room's page on the local room server (offering to start it when it is stopped). */
    void openInBrowser(LocalRoom room);

    /** Asks where to save the room's bundle and exports it there. */
    void export(LocalRoom room);

    /** Opens the Push to cloud window of the room. */
    void push(LocalRoom room);

    /** Asks for confirmation, then removes the room from this computer for good. */
    void remove(LocalRoom room);
}
