package dev.meshrooms.lite.testing;

import dev.meshrooms.lite.cli.MeshLiteMain;
import dev.meshrooms.lite.config.Environment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One run of the mesh-lite command line in this JVM: its exit code and what it wrote to stdout and stderr. */
public record Cli(int exit, String out, String err) {

    public static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = MeshLiteMain.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Cli(exit, out.toString(), err.toString());
    }

    /**
     * The mesh-lite command line in a JVM of its own (to be killed, or to run as a user would), on this test's class
     * path, with the tests' admin token and standard error merged into standard output.
     */
    public static ProcessBuilder inChildJvm(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MeshLiteMain.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(Environment.ADMIN_TOKEN, TestServers.ADMIN_TOKEN);
        return builder;
    }

    public static ProcessBuilder inChildJvm(String... args) {
        return inChildJvm(List.of(), args);
    }
}
