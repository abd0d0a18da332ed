package dev.meshrooms.desktop.ui.push;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The push's three steps, one row each: its name and state, a progress bar, and a line of detail. */
final class PushStepsView {
    private final GridPane grid = new GridPane();
    private final Map<PushStep, Label> names = new EnumMap<>(PushStep.class);
    private final Map<PushStep, ProgressBar> bars = new EnumMap<>(PushStep.class);
    private final Map<PushStep, Label> details = new EnumMap<>(PushStep.class);

    PushStepsView() {
        grid.setHgap(12);
        grid.setVgap(2);
        grid.setId("push-steps");
        grid.getStyleClass().add("push-steps");
        int row = 0;
        for (PushStep step : PushStep.values()) {
            String id = step.name().toLowerCase(Locale.ROOT);
            Label name = new Label(step.label());
            name.setId("push-step-" + id);
            name.getStyleClass().add("push-step-name");
            name.setMinWidth(Region.USE_PREF_SIZE);
            ProgressBar bar = new ProgressBar(0);
            bar.setId("push-bar-" + id);
            bar.getStyleClass().add("import-bar");
            bar.setMaxWidth(Double.MAX_VALUE);
            GridPane.setHgrow(bar, Priority.ALWAYS);
            Label detail = new Label();
            detail.setId("push-detail-" + id);
            detail.getStyleClass().add("muted");
            detail.setMinHeight(Region.USE_PREF_SIZE);
            GridPane.setValignment(name, javafx.geometry.VPos.CENTER);
            grid.add(name, 0, row);
            grid.add(bar, 1, row);
            grid.add(detail, 1, row + 1);
            GridPane.setMargin(detail, new javafx.geometry.Insets(0, 0, 8, 0));
            names.put(step, name);
            bars.put(step, bar);
            details.put(step, detail);
            row += 2;
        }
        grid.setAlignment(Pos.TOP_LEFT);
        grid.setMinHeight(Region.USE_PREF_SIZE);
    }

    Node view() {
        return grid;
    }

    void show(List<PushStep.View> views) {
        for (PushStep.View v : views) {
            Label name = names.get(v.step());
            name.getStyleClass().removeAll("step-done", "step-current", "step-todo");
            name.getStyleClass()
                    .add(
                            switch (v.status()) {
                                case DONE, REUSED -> "step-done";
                                case RUNNING -> "step-current";
                                case WAITING -> "step-todo";
                            });
            name.setText(v.step().label()
                    + (v.status() == PushStep.Status.DONE || v.status() == PushStep.Status.REUSED ? " ✓" : ""));
            bars.get(v.step())
                    .setProgress(
                            v.status() == PushStep.Status.WAITING
                                    ? 0
                                    : v.fraction() < 0 ? ProgressBar.INDETERMINATE_PROGRESS : v.fraction());
            details.get(v.step()).setText(v.detail());
        }
    }
}
