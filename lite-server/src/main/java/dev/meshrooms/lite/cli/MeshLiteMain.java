package dev.meshrooms.lite.cli;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar mesh-lite.jar <command>}: the server and the admin's tools in one jar. */
@Command(name = "mesh-lite", mixinStandardHelpOptions = true, versionProvider = MeshLiteMain.Version.class,
        description = "Mesh-Lite: a self-hosted home for portable Mesh rooms.",
        subcommands = {ServeCommand.class, RoomsCommand.class, ExportCommand.class, ImportCommand.class, VerifyCommand.class,
                TokensCommand.class, MigrateCommand.class})
public final class MeshLiteMain {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new MeshLiteMain())
                .setExecutionExceptionHandler((e, cmd, parseResult) -> {
                    MeshException mesh = e instanceof MeshException m ? m : null;
                    cmd.getErr().println("mesh-lite " + cmd.getCommandName() + ": "
                            + (mesh != null ? mesh.getMessage() : e.toString()));
                    if (mesh == null) {
                        e.printStackTrace(cmd.getErr());
                    }
                    cmd.getErr().flush();
                    return mesh != null && mesh.code().httpStatus() < 500 ? 2 : mesh != null && mesh.code() == ErrorCode.CONFIGURATION ? 2 : 1;
                });
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = MeshLiteMain.class.getPackage().getImplementationVersion();
            return new String[] {"mesh-lite " + (v == null ? "development build" : v)};
        }
    }
}
