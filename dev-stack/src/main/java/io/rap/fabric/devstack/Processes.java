package io.rap.fabric.devstack;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/** Process and file helpers shared by the launchers. Nothing here kills a process it cannot identify. */
public final class Processes {

    private Processes() {
    }

    /**
     * Stops {@code root} and all its descendants: SIGTERM, then SIGKILL for whatever is left after
     * {@code grace}. @return true when every process of the tree has exited
     */
    public static boolean stopTree(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = snapshot(root);
        root.destroy();
        if (awaitExit(List.of(root), grace) && awaitExit(tree, Duration.ofSeconds(5))) {
            return true;
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
        return awaitExit(tree, Duration.ofSeconds(5)) || kill(tree);
    }

    /**
     * Stops {@code root} and all its descendants at once: SIGTERM to every process of the tree, then SIGKILL for
     * whatever is left after {@code grace}: for a start script that runs the server as its child (Keycloak's kc.sh).
     * @return true when every process of the tree has exited
     */
    public static boolean stopWholeTree(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = snapshot(root);
        tree.forEach(ProcessHandle::destroy);
        return awaitExit(tree, grace) || kill(tree);
    }

    /** Snapshot first: once the root exits, its children are re-parented and no longer its descendants. */
    private static List<ProcessHandle> snapshot(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>();
        root.descendants().forEach(tree::add);
        tree.add(root);
        return tree;
    }

    private static boolean kill(List<ProcessHandle> tree) {
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        return awaitExit(tree, Duration.ofSeconds(10));
    }

    public static boolean awaitExit(List<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle process : processes) {
            try {
                process.onExit().get(Math.max(deadline - System.nanoTime(), 0), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return processes.stream().noneMatch(ProcessHandle::isAlive);
            } catch (ExecutionException e) {
                // onExit() never completes exceptionally; treat it like "still unknown"
                return processes.stream().noneMatch(ProcessHandle::isAlive);
            }
        }
        return true;
    }

    /** Sends a named signal (INT, TERM, ...) with kill(1): Java itself only knows TERM and KILL. */
    public static void signal(ProcessHandle process, String signal) throws IOException {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            kill.getInputStream().transferTo(OutputStream.nullOutputStream());
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling " + process.pid(), e);
        }
    }

    /**
     * The process {@code pid} if it is still the one that was recorded: same start instant (to the second),
     * so a recycled pid is never touched.
     */
    public static Optional<ProcessHandle> ifSameProcess(long pid, Instant recordedStart) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().startInstant()
                        .map(start -> Math.abs(start.getEpochSecond() - recordedStart.getEpochSecond()) <= 1)
                        .orElse(false));
    }

    public static Instant startInstant(ProcessHandle process) {
        return process.info().startInstant().orElseThrow(
                () -> new IllegalStateException("no start time for pid " + process.pid()));
    }

    public static void requirePortFree(String host, int port) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new IOException("port " + port + " on " + host + " is in use: stop what listens there ("
                    + "./rap-dev down, or `ss -ltnp | grep " + port + "`)", e);
        }
    }

    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }

    /** The last lines of a log file, for error messages. */
    public static String tail(Path logFile, int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
            return "\n--- last " + tail.size() + " lines of " + logFile + " ---\n" + String.join("\n", tail);
        } catch (IOException | RuntimeException e) {
            return "\n(no log at " + logFile + ")";
        }
    }
}
