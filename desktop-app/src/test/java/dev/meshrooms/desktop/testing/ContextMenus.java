package dev.meshrooms.desktop.testing;

import javafx.event.Event;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.input.PickResult;

/**
 * Asks a node for its context menu the way the OS does on a right click (headless Monocle sends no such request for
 * a robot's right click). Call on the FX thread.
 */
public final class ContextMenus {
    private ContextMenus() {}

    public static void request(Node target) {
        Bounds bounds = target.getBoundsInLocal();
        Point2D scene = target.localToScene(bounds.getCenterX(), bounds.getCenterY());
        Point2D screen = target.localToScreen(bounds.getCenterX(), bounds.getCenterY());
        Event.fireEvent(
                target,
                new ContextMenuEvent(
                        ContextMenuEvent.CONTEXT_MENU_REQUESTED,
                        scene.getX(),
                        scene.getY(),
                        screen.getX(),
                        screen.getY(),
                        false,
                        new PickResult(target, scene.getX(), scene.getY())));
    }
}
