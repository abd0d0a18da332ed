package dev.meshrooms.lite.error;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.lite.cli.MeshLiteMain;
import dev.meshrooms.lite.http.support.ErrorResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One table: each error code's HTTP status, JSON body, Retry-After and CLI exit code. */
@DisplayName("The error model, code by code")
class ErrorModelTest {
    private static final String[] TABLE = {
        "ROOM_NOT_FOUND,       404, room-not-found,       0, 2, Room not found",
        "MESSAGE_NOT_FOUND,    404, message-not-found,    0, 2, Message not found",
        "MEDIA_NOT_FOUND,      404, media-not-found,      0, 2, Media not found",
        "USER_NOT_FOUND,       404, user-not-found,       0, 2, User not found",
        "NOT_FOUND,            404, not-found,            0, 2, Not found",
        "INVALID_INPUT,        400, invalid-input,        0, 2, Invalid input",
        "SLUG_TAKEN,           409, slug-taken,           0, 2, Slug already taken",
        "CONFLICT,             409, conflict,             0, 2, Conflict",
        "ROOM_MOVED,           503, room-moved,           1, 75, Room moved; retry",
        "ROOM_BUSY,            503, room-busy,            1, 75, Room is switching places; retry",
        "UNAUTHENTICATED,      401, unauthenticated,      0, 2, Authentication required",
        "FORBIDDEN,            403, forbidden,            0, 2, Not allowed",
        "PAYLOAD_TOO_LARGE,    413, payload-too-large,    0, 2, Payload too large",
        "OVER_LIMIT,           402, over-limit,           0, 2, Room over its free tier",
        "TOO_MANY_REQUESTS,    429, too-many-requests,    5, 75, Too many requests",
        "CANCELLED,            409, cancelled,            0, 130, Stopped",
        "SIGNATURE_INVALID,    422, signature-invalid,    0, 3, Signature does not verify",
        "BUNDLE_INVALID,       422, bundle-invalid,       0, 4, Room bundle refused",
        "BUNDLE_TOO_NEW,       422, bundle-too-new,       0, 4, Room bundle needs a newer Mesh",
        "ALREADY_IMPORTED,     409, already-imported,     0, 4, Room bundle already imported",
        "DATABASE_UNAVAILABLE, 503, database-unavailable, 5, 75, Database unavailable",
        "DATABASE_BUSY,        503, database-busy,        1, 75, Database busy",
        "SERVER_BUSY,          503, server-busy,          1, 75, Server busy",
        "STORE_UNAVAILABLE,    503, store-unavailable,    5, 75, Object store unavailable",
        "BILLING_OFF,          409, billing-off,          0, 2, Billing is off",
        "BILLING_REFUSED,      502, billing-refused,      0, 2, Billing provider refused the request",
        "BILLING_UNAVAILABLE,  503, billing-unavailable,  5, 75, Billing provider unavailable",
        "CONFIGURATION,        500, configuration,        0, 2, Configuration error",
        "INTERNAL,             500, internal,             0, 1, Internal error",
    };

    @Test
    @DisplayName("the table below covers every code (a new code must decide its status, exit code and title)")
    void tableIsComplete() {
        Set<ErrorCode> inTable = Arrays.stream(TABLE)
                .map(row -> ErrorCode.valueOf(row.split(",")[0].trim()))
                .collect(Collectors.toSet());
        assertThat(inTable).isEqualTo(EnumSet.allOf(ErrorCode.class));
    }

    static Stream<Arguments> rows() {
        return Arrays.stream(TABLE).map(row -> {
            String[] f = Arrays.stream(row.split(",")).map(String::trim).toArray(String[]::new);
            return Arguments.of(
                    ErrorCode.valueOf(f[0]),
                    Integer.parseInt(f[1]),
                    f[2],
                    Integer.parseInt(f[3]),
                    Integer.parseInt(f[4]),
                    f[5]);
        });
    }

    @ParameterizedTest(name = "{0} → HTTP {1} ({2}), Retry-After {3}, exit {4}")
    @MethodSource("rows")
    void codeMapsEverywhere(ErrorCode code, int status, String type, int retryAfter, int exit, String title)
            throws Exception {
        MeshException failure = new MeshException(code, "room-x.tar.zst: what failed, where, and what to do");
        assertThat(code.httpStatus()).isEqualTo(status);
        assertThat(code.retryAfterSeconds()).isEqualTo(retryAfter);
        assertThat(new ObjectMapper().writeValueAsString(ErrorResponse.of(failure)))
                .isEqualTo("{\"title\":\"" + title + "\",\"status\":" + status + ",\"type\":\"" + type
                        + "\",\"details\":\"room-x.tar.zst: what failed, where, and what to do\"}");

        var cli = MeshLiteMain.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        var importCommand = cli.getSubcommands().get("import");
        int exitCode = cli.getExecutionExceptionHandler().handleExecutionException(failure, importCommand, null);
        assertThat(exitCode).isEqualTo(exit).isEqualTo(code.exitCode());
        assertThat(err.toString()).isEqualTo("mesh-lite import: room-x.tar.zst: what failed, where, and what to do\n");
    }
}
