package dev.meshrooms.lite.push;

/**
 * @param asNew   import a second, independent copy even if the cloud imported this bundle before
 * @param sharded import straight into a new shard (true), into the shared tables (false), or as the cloud decides
 *                (null)
 */
public record PushOptions(boolean asNew, Boolean sharded) {
    public static final PushOptions DEFAULTS = new PushOptions(false, null);
}
