package dev.meshrooms.lite.testing;

import dev.meshrooms.lite.cli.MeshLiteMain;
import java.io.PrintWriter;
import java.io.StringWriter;

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
}
