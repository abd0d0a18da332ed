package dev.meshrooms.desktop.session;

/** Where the local room server stands; {@code url} is set while it runs, {@code problem} after a failed start. */
public record ServerState(Status status, String url, String problem) {
    public enum Status {
        STOPPED,
        STARTING,
        RUNNING,
        STOPPING,
        FAILED
    }

    public static final ServerState STOPPED = new ServerState(Status.STOPPED, null, null);

    public static ServerState starting() {
        return new ServerState(Status.STARTING, null, null);
    }

    public static ServerState running(String url) {
        return new ServerState(Status.RUNNING, url, null);
    }

    public static ServerState stopping() {
        return new ServerState(Status.STOPPING, null, null);
    }

    public static ServerState failed(String problem) {
        return new ServerState(Status.FAILED, null, problem);
    }

    public boolean running() {
        return status == Status.RUNNING;
    }

    /** Start makes sense when nothing runs or is on its way. */
    public boolean canStart() {
        return status == Status.STOPPED || status == Status.FAILED;
    }
}
