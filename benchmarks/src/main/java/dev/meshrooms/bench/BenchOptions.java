package dev.meshrooms.bench;

import dev.meshrooms.core.CoreSettings;

/**
 * What the routing benchmark runs with. Each value comes from {@code --name=value} on the command line, else from the
 * system property {@code bench.name}, else from the default here.
 *
 * @param rooms      rooms provisioned for the connection count, half of them sharded
 * @param messages   messages in each of the two latency rooms
 * @param iterations measured pages per room
 * @param warmup     unmeasured pages per room before measuring
 * @param pageSize   messages per page
 * @param threads    threads provisioning and touching rooms
 * @param poolSize   connections per server pool (MESH_DB_POOL_SIZE)
 */
record BenchOptions(int rooms, int messages, int iterations, int warmup, int pageSize, int threads, int poolSize) {

    static BenchOptions parse(String[] args) {
        return new BenchOptions(
                        value(args, "rooms", 10_000),
                        value(args, "messages", 10_000),
                        value(args, "iterations", 2_000),
                        value(args, "warmup", 500),
                        value(args, "page-size", 50),
                        value(args, "threads", 3),
                        value(args, "pool-size", CoreSettings.DEFAULT_POOL_SIZE))
                .validate();
    }

    private BenchOptions validate() {
        if (rooms < 2 || messages < pageSize || iterations < 1 || warmup < 0 || pageSize < 1 || threads < 1) {
            throw new IllegalArgumentException("need rooms >= 2, messages >= page-size, iterations >= 1, warmup >= 0,"
                    + " page-size >= 1 and threads >= 1; got " + this);
        }
        return this;
    }

    private static int value(String[] args, String name, int fallback) {
        String prefix = "--" + name + "=";
        for (String arg : args) {
            if (arg.startsWith(prefix)) {
                return parse(name, arg.substring(prefix.length()));
            }
        }
        String property = System.getProperty("bench." + name);
        return property == null || property.isBlank() ? fallback : parse(name, property);
    }

    private static int parse(String name, String text) {
        try {
            return Integer.parseInt(text.strip().replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": not a whole number: \"" + text + "\"", e);
        }
    }
}
