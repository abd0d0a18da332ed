package dev.meshrooms.lite.http.page;

import java.util.List;

/** The public rooms of the instance, as the rooms page lists them. */
public record RoomsView(List<Card> rooms) {

    public record Card(String slug, String name, long messageCount, String colorClass) {}
}
