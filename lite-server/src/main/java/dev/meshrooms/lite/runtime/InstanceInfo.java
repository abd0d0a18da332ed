package dev.meshrooms.lite.runtime;

import java.util.Properties;

/** Where the owner of a data directory runs its services; a port of 0 means "not embedded". */
public record InstanceInfo(long pid, int postgresPort, int s3Port, int httpPort) {

    Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("postgresPort", Integer.toString(postgresPort));
        p.setProperty("s3Port", Integer.toString(s3Port));
        p.setProperty("httpPort", Integer.toString(httpPort));
        return p;
    }

    static InstanceInfo fromProperties(Properties p) {
        return new InstanceInfo(
                Long.parseLong(p.getProperty("pid", "0")),
                Integer.parseInt(p.getProperty("postgresPort", "0")),
                Integer.parseInt(p.getProperty("s3Port", "0")),
                Integer.parseInt(p.getProperty("httpPort", "0")));
    }

    public InstanceInfo withHttpPort(int port) {
        return new InstanceInfo(pid, postgresPort, s3Port, port);
    }
}
