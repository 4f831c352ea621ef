package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Rows of a domain isolation matrix (who, method, expected, got), written by the in-container
 * ITs into the server's log directory, one tab-separated line each; {@link PortalIsolationMatrixIT}
 * copies the files into its report. The IT server is provisioned afresh on every build, so a file
 * holds this build's rows only. Every row is asserted as it is written: a row in the file is a
 * checked result, never a plan.
 */
final class DomainMatrix {

    static final String CLUSTER = "cluster-isolation-matrix.txt";
    static final String ORGANIZATION = "org-isolation-matrix.txt";

    private DomainMatrix() {
    }

    static void row(String file, String who, String what, String expected, String got) {
        Path path = Path.of(System.getProperty("jboss.server.log.dir", System.getProperty("java.io.tmpdir")), file);
        try {
            Files.writeString(path, String.join("\t", who, what, expected, got) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the isolation matrix report " + path, e);
        }
    }

    /** Runs each call as {@code who}, writes its row, and asserts it was refused with {@code expected}. */
    static void expectDenied(String file, String who, Map<String, ThrowingCallable> calls,
                             Class<? extends Throwable> expected) {
        calls.forEach((name, call) -> expectDenied(file, who, name, call, expected));
    }

    static void expectDenied(String file, String who, String name, ThrowingCallable call,
                             Class<? extends Throwable> expected) {
        Throwable got = catchThrowable(call);
        row(file, who, name, "deny (" + expected.getSimpleName() + ")",
                got == null ? "ALLOWED" : got.getClass().getSimpleName());
        assertThat(got).as(who + " " + name).isInstanceOf(expected);
    }

    /** Runs each call as {@code who}, writes its row, and asserts it was allowed. */
    static void expectAllowed(String file, String who, Map<String, ThrowingCallable> calls) {
        calls.forEach((name, call) -> {
            Throwable got = catchThrowable(call);
            row(file, who, name, "allow", got == null ? "ALLOWED" : got.getClass().getSimpleName());
            assertThat(got).as(who + " " + name).isNull();
        });
    }
}
