package dev.meshrooms.desktop.ui.push;

import dev.meshrooms.desktop.ui.common.ErrorMessage;

/**
 * A push's failure as the window says it: the push's own sentence, with what it tells the command line's user to do
 * (a flag) said the way this window does it.
 */
public final class PushWording {
    private PushWording() {}

    public static ErrorMessage of(Throwable error) {
        ErrorMessage message = ErrorMessage.of(error);
        return new ErrorMessage(message.title(), desktop(message.sentence()));
    }

    static String desktop(String sentence) {
        return sentence.replace(
                        "Push with --as-new for a second copy.",
                        "To make a second copy there, tick \"Import as a new copy\" and push again.")
                .replace("check the address in --to", "check the cloud account's address")
                .replace("push again to go on from where it stopped", "Resume goes on from where it stopped");
    }
}
