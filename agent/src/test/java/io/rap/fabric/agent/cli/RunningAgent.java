package io.rap.fabric.agent.cli;

import io.rap.fabric.agent.config.AgentConfig;
import io.rap.fabric.agent.control.StopSignal;
import io.rap.fabric.agent.state.StateDir;
import io.rap.fabric.agent.supervision.SupervisionPolicy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code rap-node-agent run} in this JVM on a thread of its own, wired like the command
 * (same {@link Components}), stopped the way SIGTERM stops it.
 */
final class RunningAgent implements AutoCloseable {

    /** Fast enough for tests, same logic as the defaults. */
    static final SupervisionPolicy FAST = new SupervisionPolicy(Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(800), 4, Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(2),
            Duration.ofSeconds(5));

    private final StringWriter output = new StringWriter();
    private final StopSignal stop = new StopSignal();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;

    RunningAgent(Path stateDir, AgentConfig config, Duration interval) {
        StateDir dir = new StateDir(stateDir);
        Components components = new Components(dir, config, new PrintWriter(output, true));
        thread = new Thread(() -> {
            try (AutoCloseable lock = dir.lock()) {
                components.runner(config, FAST).run(interval, Duration.ofMillis(100), 0, stop);
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "test-agent");
        thread.start();
    }

    String log() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** Whether {@code run} ended by itself (it should not), and why. */
    Throwable failure() {
        return failure.get();
    }

    @Override
    public void close() throws InterruptedException {
        stop.stop();
        thread.join(20_000);
        if (thread.isAlive()) {
            throw new AssertionError("the agent did not stop within 20 s:\n" + log());
        }
    }
}
