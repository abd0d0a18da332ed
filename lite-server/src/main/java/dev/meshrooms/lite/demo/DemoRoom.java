package dev.meshrooms.lite.demo;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.model.Message;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.model.Visibility;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The demo room a newcomer sees first: public room {@code demo}, a conversation of signed messages from four people,
 * with replies and pictures. Created once; later starts leave it as it is.
 */
public final class DemoRoom {
    public static final String SLUG = "demo";

    private record Line(String who, String text, Integer replyTo, String image) {}

    private static final List<Line> SCRIPT = List.of(
            new Line(
                    "ada",
                    "Morning all! Welcome to the Riverside Makers room — now running on our own Mesh-Lite. 🎉",
                    null,
                    null),
            new Line(
                    "grace", "Wait, this is the self-hosted one? It loads faster than the cloud room did.", null, null),
            new Line(
                    "ada",
                    "Yes: PostgreSQL and the media store run right here. Nobody else holds our history.",
                    1,
                    null),
            new Line("linus", "Nice. Is the garden group moving over too?", null, null),
            new Line("margaret", "Already did. Here's this season's harvest so far:", null, "chart"),
            new Line("grace", "42 kg of tomatoes?! Who planted all of those.", 4, null),
            new Line("margaret", "Guilty. Take some home on Saturday, please.", 5, null),
            new Line("linus", "Speaking of Saturday — are we still on for the lake walk?", null, null),
            new Line("ada", "We are. Meeting point is by the old boathouse, map below.", 7, "map"),
            new Line("grace", "I'll bring the thermos and the good biscuits.", null, null),
            new Line("linus", "And I'll fix the bike trailer so we can carry the tomatoes back.", null, null),
            new Line(
                    "margaret",
                    "Every message here is signed by its author, by the way — the ✓ next to each one.",
                    null,
                    null),
            new Line("grace", "So if someone edits my biscuit promise in the database, it shows?", 11, null),
            new Line("margaret", "Exactly: the signature stops verifying and the page says so.", 12, null),
            new Line("ada", "Reminder: bring gloves, the brambles by the path are back.", null, null),
            new Line("linus", "Trailer is fixed. It squeaks, but it rolls.", 10, null),
            new Line("grace", "Photos from last time, for anyone who missed it:", null, "sunset"),
            new Line("ada", "That sunset! We should print it for the workshop wall.", 16, null),
            new Line("margaret", "I can print it at the library on Thursday.", 17, null),
            new Line(
                    "linus",
                    "If we ever want to move this room elsewhere, it's one export away. No lock-in.",
                    null,
                    null),
            new Line("grace", "Portable rooms. I like that.", 19, null),
            new Line("ada", "See you all Saturday at 10. Sun is forecast. ☀️", null, null),
            new Line("margaret", "👍 bringing the harvest scales.", 21, null),
            new Line("linus", "👍 and the squeaky trailer.", 21, null));

    private static final Map<String, String> PEOPLE = Map.of(
            "ada", "Ada Okafor",
            "grace", "Grace Lindqvist",
            "linus", "Linus Ferreira",
            "margaret", "Margaret Iyer");

    private DemoRoom() {}

    /** Creates the demo room unless a room with slug {@code demo} exists; returns it either way. */
    public static Room ensure(MeshCore core, UUID owner) {
        Optional<Room> existing = core.rooms().findBySlug(SLUG);
        if (existing.isPresent()) {
            return existing.get();
        }
        Room room = core.roomService().create(new NewRoom(SLUG, "Riverside Makers (demo)", Visibility.PUBLIC), owner);
        Map<String, User> users = new java.util.HashMap<>();
        PEOPLE.forEach((handle, name) -> users.put(handle, person(core, handle, name)));
        users.values()
                .forEach(u -> core.rooms().addMember(room.id(), u.id(), dev.meshrooms.core.model.MemberRole.MEMBER));
        Instant at = Instant.now().minus(Duration.ofHours(26)).truncatedTo(ChronoUnit.MINUTES);
        List<Message> sent = new ArrayList<>();
        for (Line line : SCRIPT) {
            at = at.plus(Duration.ofMinutes(7 + sent.size() % 5 * 11));
            UUID replyTo =
                    line.replyTo() == null ? null : sent.get(line.replyTo()).id();
            Message message =
                    core.messages().sendAt(room.id(), users.get(line.who()).id(), line.text(), replyTo, at);
            sent.add(message);
            if (line.image() != null) {
                byte[] png = switch (line.image()) {
                    case "chart" -> DemoImages.chart();
                    case "map" -> DemoImages.map();
                    default -> DemoImages.sunset();
                };
                core.media()
                        .attach(
                                room,
                                message.id(),
                                line.image() + ".png",
                                "image/png",
                                new ByteArrayInputStream(png),
                                png.length);
            }
        }
        return room;
    }

    /** The demo's person: a local user of that handle if there is one, else a new one (suffixed past a ghost's). */
    private static User person(MeshCore core, String handle, String name) {
        Optional<User> existing = core.users().findByHandle(handle);
        if (existing.isPresent() && !existing.get().ghost()) {
            return existing.get();
        }
        return core.users().create(existing.isPresent() ? handle + "-demo" : handle, name);
    }
}
