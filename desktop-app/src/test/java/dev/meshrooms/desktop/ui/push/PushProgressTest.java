package dev.meshrooms.desktop.ui.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshrooms.core.progress.Progress;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A push's steps made from its progress events")
class PushProgressTest {
    private final AtomicLong now = new AtomicLong();
    private final PushProgress progress = new PushProgress(now::get);

    private PushStep.View view(PushStep step) {
        List<PushStep.View> views = progress.views();
        return views.get(step.ordinal());
    }

    private void at(double seconds) {
        now.set((long) (seconds * 1e9));
    }

    @Test
    @DisplayName("export, upload with its rate and time left, then the cloud's phases, then done")
    void steps() {
        assertThat(progress.views()).allMatch(v -> v.status() == PushStep.Status.WAITING);
        progress.accept(new Progress("export", 0, -1, 0, -1));
        assertThat(view(PushStep.EXPORT).status()).isEqualTo(PushStep.Status.RUNNING);
        assertThat(view(PushStep.EXPORT).fraction()).isNegative();
        assertThat(view(PushStep.EXPORT).detail()).isEqualTo("Reading the room");
        at(2);
        progress.accept(new Progress("export", 5, 5, 10 << 20, 10 << 20));
        assertThat(view(PushStep.EXPORT).status()).isEqualTo(PushStep.Status.DONE);
        assertThat(view(PushStep.EXPORT).detail()).isEqualTo("Bundle ready");

        progress.accept(new Progress("upload", 0, -1, 0, 10 << 20));
        at(6);
        progress.accept(new Progress("upload", 0, -1, 4 << 20, 10 << 20));
        PushStep.View upload = view(PushStep.UPLOAD);
        assertThat(upload.status()).isEqualTo(PushStep.Status.RUNNING);
        assertThat(upload.fraction()).isEqualTo(0.4);
        assertThat(upload.detail()).isEqualTo("4.0 MiB of 10.0 MiB · 1.0 MiB/s · about 6 s left");

        progress.accept(new Progress("cloud queued", 0, -1, 0, 0));
        assertThat(view(PushStep.UPLOAD).status()).isEqualTo(PushStep.Status.DONE);
        assertThat(view(PushStep.UPLOAD).detail()).isEqualTo("10.0 MiB on the cloud");
        assertThat(view(PushStep.CLOUD).detail()).isEqualTo("Waiting for its turn on the cloud");
        progress.accept(new Progress("cloud media", 3, 12, 1 << 20, 8 << 20));
        assertThat(view(PushStep.CLOUD).detail()).startsWith("Storing the pictures and files (3 of 12)");
        progress.accept(new Progress("cloud done", 12, 12, 8 << 20, 8 << 20));
        progress.accept(new Progress("done", 1, 1, 10 << 20, 10 << 20));
        assertThat(progress.views()).allMatch(v -> v.status() == PushStep.Status.DONE && v.fraction() == 1);
        assertThat(view(PushStep.CLOUD).detail()).isEqualTo("Imported");
    }

    @Test
    @DisplayName("an unchanged room's bundle is reused; a resumed upload says where it went on from")
    void reusedAndResumed() {
        progress.accept(new Progress("upload", 0, -1, 3 << 20, 10 << 20));
        at(2);
        progress.accept(new Progress("upload", 0, -1, 5 << 20, 10 << 20));
        assertThat(view(PushStep.EXPORT).status()).isEqualTo(PushStep.Status.REUSED);
        assertThat(view(PushStep.EXPORT).detail()).startsWith("Reused the bundle of the last push");
        assertThat(view(PushStep.UPLOAD).detail())
                .isEqualTo("5.0 MiB of 10.0 MiB · 1.0 MiB/s · about 5 s left · went on from 3.0 MiB");

        progress.reset();
        assertThat(progress.views()).allMatch(v -> v.status() == PushStep.Status.WAITING);
    }

    @Test
    @DisplayName("the push's sentences name the window's option, not the command line's flags")
    void wording() {
        assertThat(PushWording.desktop("x refused (409): imported already. Push with --as-new for a second copy."))
                .isEqualTo(
                        "x refused (409): imported already. To make a second copy there, tick \"Import as a new copy\""
                                + " and push again.");
        assertThat(PushWording.desktop("nothing answers at http://x (connection refused); check the address in --to"))
                .endsWith("check the cloud account's address");
    }
}
