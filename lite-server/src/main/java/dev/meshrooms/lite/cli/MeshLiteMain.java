package dev.meshrooms.lite.cli;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar mesh-lite.jar <command>}: the server and the admin's tools in one jar. */
@Command(
        name = "mesh-lite",
        mixinStandardHelpOptions = true,
        versionProvider = MeshLiteMain.Version.class,
        description = "Mesh-Lite: a self-hosted home for portable Mesh rooms.",
        subcommands = {
            ServeCommand.class,
            RoomsCommand.class,
            ExportCommand.class,
            ImportCommand.class,
            PushCommand.class,
            VerifyCommand.class,
            TokensCommand.class,
            MigrateCommand.class
        })
public final class MeshLiteMain {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new MeshLiteMain());
        CommandLine.IParameterExceptionHandler usage = cli.getParameterExceptionHandler();
        return cli.setParameterExceptionHandler((e, args) -> {
                    java.util.Optional<Integer> unknown = unknownCommand(e);
                    return unknown.isPresent() ? unknown.get() : usage.handleParseException(e, args);
                })
                .setExecutionExceptionHandler((e, cmd, parseResult) -> {
                    MeshException mesh = e instanceof MeshException m ? m : null;
                    cmd.getErr()
                            .println("mesh-lite " + cmd.getCommandName() + ": "
                                    + (mesh != null ? mesh.getMessage() : e.toString()));
                    if (mesh == null) {
                        e.printStackTrace(cmd.getErr());
                    }
                    cmd.getErr().flush();
                    return mesh != null ? mesh.code().exitCode() : ErrorCode.Exit.UNEXPECTED;
                });
    }

    /** {@code mesh-lite start}: names the command meant (by what people type for it) and lists the commands. */
    private static java.util.Optional<Integer> unknownCommand(CommandLine.ParameterException e) {
        CommandLine cmd = e.getCommandLine();
        if (!(e instanceof CommandLine.UnmatchedArgumentException unmatched)
                || cmd.getParent() != null
                || unmatched.getUnmatched().isEmpty()
                || unmatched.getUnmatched().get(0).startsWith("-")) {
            return java.util.Optional.empty();
        }
        String word = unmatched.getUnmatched().get(0);
        String meant = CommandSuggestions.meant(word, cmd.getSubcommands().keySet());
        cmd.getErr()
                .println("mesh-lite: there is no command '" + word + "'."
                        + (meant == null ? "" : " Did you mean '" + meant + "'?") + " Commands: "
                        + String.join(", ", cmd.getSubcommands().keySet())
                        + " (mesh-lite --help says what each does).");
        cmd.getErr().flush();
        return java.util.Optional.of(ErrorCode.Exit.BAD_INPUT);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = MeshLiteMain.class.getPackage().getImplementationVersion();
            return new String[] {"mesh-lite " + (v == null ? "development build" : v)};
        }
    }
}
