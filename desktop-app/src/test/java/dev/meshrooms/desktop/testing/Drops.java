package dev.meshrooms.desktop.testing;

import java.io.File;
import java.util.List;
import javafx.event.Event;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;

/** Fires the drag events the OS sends when files are dragged over a node and dropped on it. Call on the FX thread. */
public final class Drops {
    private Drops() {}

    /** DRAG_OVER: the transfer mode the target accepted, or null when it refused. */
    public static TransferMode dragOver(Node target, List<File> files) {
        DragEvent event = event(DragEvent.DRAG_OVER, target, FileDragboard.of(files));
        Event.fireEvent(target, event);
        return event.getAcceptedTransferMode();
    }

    /** DRAG_OVER then DRAG_DROPPED: whether the target completed the drop. */
    public static boolean drop(Node target, List<File> files) {
        Dragboard board = FileDragboard.of(files);
        DragEvent over = event(DragEvent.DRAG_OVER, target, board);
        Event.fireEvent(target, over);
        if (over.getAcceptedTransferMode() == null) {
            return false;
        }
        DragEvent dropped = event(DragEvent.DRAG_DROPPED, target, board);
        Event.fireEvent(target, dropped);
        return dropped.isDropCompleted();
    }

    private static DragEvent event(javafx.event.EventType<DragEvent> type, Node target, Dragboard board) {
        Bounds bounds = target.getBoundsInLocal();
        Point2D scene = target.localToScene(bounds.getCenterX(), bounds.getCenterY());
        Point2D screen = target.localToScreen(bounds.getCenterX(), bounds.getCenterY());
        double screenX = screen == null ? scene.getX() : screen.getX();
        double screenY = screen == null ? scene.getY() : screen.getY();
        return new DragEvent(
                type, board, scene.getX(), scene.getY(), screenX, screenY, TransferMode.COPY, null, null, null);
    }
}
