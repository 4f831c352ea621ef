package io.rap.fabric.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A server process this JVM started and recorded in a pid file. It is stopped once: by {@link #close()}, or by a
 * shutdown hook if nobody calls close(). The pid file goes only when the whole process tree is gone.
 */
public final class ServerProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Path pidFile;
    private final Predicate<ProcessHandle> stopTree;
    private final Thread shutdownHook;
    private boolean closed;

    /**
     * @param name     for messages and the hook's thread name, e.g. {@code Keycloak}
     * @param stopTree stops the process and its descendants, true when all of them exited, e.g.
     *                 {@code root -> Processes.stopTree(root, grace)}
     */
    public ServerProcess(String name, Process process, Path logFile, Path pidFile, Predicate<ProcessHandle> stopTree) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.pidFile = pidFile;
        this.stopTree = stopTree;
        this.shutdownHook = new Thread(this::stop, name.toLowerCase(Locale.ROOT) + "-stop-" + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** @throws IllegalStateException when the process tree did not stop */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs (or ran) stop() itself
        }
        stop();
    }

    private void stop() {
        if (!stopTree.test(process.toHandle())) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") did not stop; see " + logFile);
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // a stale pid file is checked against the command line before anything is killed
        }
    }
}
