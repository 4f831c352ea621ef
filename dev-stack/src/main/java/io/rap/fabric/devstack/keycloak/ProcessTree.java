package io.rap.fabric.devstack.keycloak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Stops a process with all its descendants: kc.sh runs Keycloak's JVM as a child. */
final class ProcessTree {

    private ProcessTree() {
    }

    /** @return true when every process of the tree has exited */
    static boolean stop(ProcessHandle root, Duration grace) {
        // Snapshot first: once the root exits its children are re-parented and no longer its descendants.
        List<ProcessHandle> tree = new ArrayList<>();
        root.descendants().forEach(tree::add);
        tree.add(root);
        tree.forEach(ProcessHandle::destroy);
        if (awaitExit(tree, grace)) {
            return true;
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        return awaitExit(tree, Duration.ofSeconds(10));
    }

    private static boolean awaitExit(List<ProcessHandle> tree, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle process : tree) {
            long remaining = deadline - System.nanoTime();
            try {
                process.onExit().get(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return tree.stream().noneMatch(ProcessHandle::isAlive);
            } catch (ExecutionException e) {
                // onExit() never completes exceptionally; treat it like "still unknown"
                return tree.stream().noneMatch(ProcessHandle::isAlive);
            }
        }
        return true;
    }
}
