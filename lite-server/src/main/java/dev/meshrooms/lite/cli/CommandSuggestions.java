package dev.meshrooms.lite.cli;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/** The command someone meant by a word that is not one: first by what people type for it, then by spelling. */
final class CommandSuggestions {
    private static final Map<String, String> SYNONYMS = Map.ofEntries(
            Map.entry("start", "serve"),
            Map.entry("run", "serve"),
            Map.entry("server", "serve"),
            Map.entry("up", "serve"),
            Map.entry("launch", "serve"),
            Map.entry("open", "serve"),
            Map.entry("list", "rooms"),
            Map.entry("ls", "rooms"),
            Map.entry("room", "rooms"),
            Map.entry("backup", "export"),
            Map.entry("save", "export"),
            Map.entry("dump", "export"),
            Map.entry("load", "import"),
            Map.entry("restore", "import"),
            Map.entry("check", "verify"),
            Map.entry("validate", "verify"),
            Map.entry("token", "tokens"),
            Map.entry("upgrade", "migrate"),
            Map.entry("migration", "migrate"));

    private CommandSuggestions() {}

    /** The command meant by {@code word}, or null when none is close. */
    static String meant(String word, Collection<String> commands) {
        String w = word.toLowerCase(Locale.ROOT);
        String synonym = SYNONYMS.get(w);
        if (synonym != null && commands.contains(synonym)) {
            return synonym;
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String command : commands) {
            int d = distance(w, command);
            if (d < bestDistance) {
                best = command;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.max(1, w.length() / 3) ? best : null;
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
