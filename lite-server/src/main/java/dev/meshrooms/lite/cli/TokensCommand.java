package dev.meshrooms.lite.cli;

import dev.meshrooms.core.auth.ApiTokens;
import dev.meshrooms.core.auth.InstanceAdmin;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.RoomIds;
import dev.meshrooms.core.model.TokenScope;
import dev.meshrooms.lite.runtime.LiteRuntime;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tokens list|create|revoke}: the instance's API tokens, for whoever owns the data directory (works whether
 * or not the server is running). {@code tokens create --admin} is how a lost admin token is replaced.
 */
@Command(
        name = "tokens",
        mixinStandardHelpOptions = true,
        description = "List, create and revoke API tokens (a lost admin token: tokens create --admin).",
        subcommands = {TokensCommand.List.class, TokensCommand.Create.class, TokensCommand.Revoke.class})
final class TokensCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List every token: whose, what for, whether it still works.")
    static final class List implements Callable<Integer> {
        @Mixin
        DataDirOption dataDir;

        @Option(names = "--json", description = "Print the tokens as JSON.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (LiteRuntime runtime = LiteRuntime.start(dataDir.settings(null))) {
                java.util.List<ApiTokens.TokenInfo> tokens =
                        runtime.core().tokens().list();
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    out.println(PrettyJson.WRITER.writeValueAsString(tokens));
                } else {
                    Instant now = Instant.now();
                    out.printf(
                            "%-36s  %-16s  %-6s  %-8s  %-20s  %s%n",
                            "ID", "USER", "ADMIN", "STATE", "LAST USED", "LABEL");
                    for (ApiTokens.TokenInfo t : tokens) {
                        String state = t.revokedAt() != null ? "revoked" : t.active(now) ? "active" : "expired";
                        out.printf(
                                "%-36s  %-16s  %-6s  %-8s  %-20s  %s%n",
                                t.id(),
                                "@" + t.handle(),
                                t.scope() == TokenScope.IMPORT ? "import" : t.instanceAdmin() ? "yes" : "no",
                                state,
                                t.lastUsedAt() == null
                                        ? "never"
                                        : t.lastUsedAt().toString().substring(0, 19),
                                t.label());
                    }
                }
                out.flush();
            }
            return 0;
        }
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a token and print it (shown this once; only its hash is kept).")
    static final class Create implements Callable<Integer> {
        @Mixin
        DataDirOption dataDir;

        @Option(names = "--admin", description = "An instance-admin token (the admin user's).")
        boolean admin;

        @Option(
                names = "--user",
                paramLabel = "HANDLE",
                description = "The user the token acts for (not with --admin).")
        String user;

        @Option(
                names = "--label",
                paramLabel = "TEXT",
                description = "What or who the token is for, as `tokens list` shows it.")
        String label;

        @Option(
                names = "--expires-in",
                paramLabel = "DURATION",
                description = "How long it is valid, ISO-8601: P30D, PT12H (default: until revoked).")
        String expiresIn;

        @Option(
                names = "--scope",
                paramLabel = "SCOPE",
                description = "all (default: whatever its user may) or import (only uploading and importing rooms;"
                        + " the admin user's).")
        String scope;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (LiteRuntime runtime = LiteRuntime.start(dataDir.settings(null))) {
                ApiTokens.Issued issued = runtime.core()
                        .admin()
                        .issueToken(
                                user,
                                label,
                                admin,
                                InstanceAdmin.lifetime("--expires-in", expiresIn),
                                TokenScope.parse("--scope", scope));
                PrintWriter out = spec.commandLine().getOut();
                out.println(issued.token());
                out.flush();
                PrintWriter err = spec.commandLine().getErr();
                err.println(
                        "token " + issued.info().id() + " for @" + issued.info().handle()
                                + (issued.info().scope() == TokenScope.IMPORT
                                        ? " (import only)"
                                        : issued.info().instanceAdmin() ? " (instance admin)" : "")
                                + (issued.info().expiresAt() == null
                                        ? ", valid until revoked"
                                        : ", valid until " + issued.info().expiresAt())
                                + ". Store it now: it is not shown again.");
                err.flush();
            }
            return 0;
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = "Revoke a token: it authenticates nobody from now on.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        DataDirOption dataDir;

        @Parameters(paramLabel = "ID", description = "The token's id, as `tokens list` shows it.")
        String id;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            UUID tokenId = RoomIds.parse(id)
                    .orElseThrow(() ->
                            MeshException.invalid("ID", "\"" + id + "\" is not a token id; `tokens list` shows them"));
            try (LiteRuntime runtime = LiteRuntime.start(dataDir.settings(null))) {
                ApiTokens.TokenInfo revoked = runtime.core().tokens().revoke(tokenId);
                PrintWriter out = spec.commandLine().getOut();
                out.println(
                        "revoked token " + revoked.id() + " of @" + revoked.handle() + " (" + revoked.label() + ")");
                out.flush();
            }
            return 0;
        }
    }
}
