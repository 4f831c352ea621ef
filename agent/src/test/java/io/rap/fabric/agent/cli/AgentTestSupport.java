package io.rap.fabric.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rap.fabric.protocol.DesiredWorkload;
import io.rap.fabric.protocol.Json;
import jakarta.json.JsonObject;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waiting for, and looking at, an agent under test: shared by the tests that run one against {@link FakeNodeApi}. */
final class AgentTestSupport {

    private static final long PATIENCE_SECONDS = 30;
    private static final AtomicInteger MARKERS = new AtomicInteger();

    private AgentTestSupport() {
    }

    /**
     * Polls {@code condition} every 50 ms for up to 30 s.
     *
     * @param context what a timeout failure should show (the agent's log, the fake's failures)
     */
    static void await(String what, BooleanSupplier condition, Supplier<String> context) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(PATIENCE_SECONDS);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what + "; " + context.get());
            }
            Thread.sleep(50);
        }
    }

    /** {@code status --json} of the state directory, which must succeed. */
    static JsonObject statusJson(Path stateDir) {
        CliRun status = CliRun.of("status", "--json", "--state-dir", stateDir.toString());
        assertThat(status.exitCode()).as(status.err()).isZero();
        return Json.parse(status.out().getBytes(StandardCharsets.UTF_8));
    }

    /** Polls {@code status --json} until its health block matches, and returns that block. */
    static JsonObject awaitHealth(Path stateDir, String what, Predicate<JsonObject> condition, Supplier<String> context)
            throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(PATIENCE_SECONDS);
        while (true) {
            JsonObject status = statusJson(stateDir);
            if (status.get("health") instanceof JsonObject health && condition.test(health)) {
                return health;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what + "; last status: " + status + "\n"
                        + context.get());
            }
            Thread.sleep(50);
        }
    }

    /** How often {@code part} occurs in {@code text} (overlapping occurrences count). */
    static int count(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }

    /** A UDP port that was free a moment ago. */
    static int freeUdpPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A {@code process} workload running {@code /bin/sleep marker}, found again by {@link #processesWith}. */
    static DesiredWorkload sleeper(String name, String role, String marker) {
        return new DesiredWorkload(name, DesiredWorkload.PROCESS, role,
                Map.of("executable", "/bin/sleep", "arguments", marker));
    }

    /** A sleep duration no other test uses, to find the process by its arguments. */
    static String marker() {
        return "9" + ProcessHandle.current().pid() + String.format("%03d", MARKERS.incrementAndGet());
    }

    /** The live processes with {@code argument} among their arguments. */
    static List<ProcessHandle> processesWith(String argument) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(a -> Arrays.asList(a).contains(argument)).orElse(false))
                .toList();
    }
}
