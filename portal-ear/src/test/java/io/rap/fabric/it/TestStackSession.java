package io.rap.fabric.it;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Brings the test stack up when failsafe's JUnit session opens (before Arquillian boots WildFly, which
 * happens with the first test class) and down when it closes (after Arquillian stopped WildFly), whatever
 * the tests did. Registered in META-INF/services; does nothing outside failsafe (no {@code rap.it.dir}).
 */
public final class TestStackSession implements LauncherSessionListener {

    private TestStack stack;
    private Thread shutdownHook;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (!TestStack.configured()) {
            return;
        }
        try {
            stack = TestStack.start();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot start the integration-test stack (PostgreSQL, Keycloak)", e);
        }
        // A killed test JVM still runs its hooks on SIGTERM/SIGINT; Keycloak has its own as well.
        shutdownHook = new Thread(stack::stop, "rap-test-stack-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (stack == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            return; // the hook stops the stack
        }
        stack.stop();
        stack = null;
    }
}
