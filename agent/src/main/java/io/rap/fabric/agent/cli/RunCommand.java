package io.rap.fabric.agent.cli;

import io.rap.fabric.agent.config.AgentDefaults;
import io.rap.fabric.agent.control.StopSignal;
import io.rap.fabric.agent.supervision.SupervisionPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
                "Runs the agent: waits for a pending enrollment to be decided, then sends heartbeats signed with the"
                        + " node key until stopped (SIGTERM).",
                "Failures to reach the control plane are retried with exponential backoff.",
                "Runs the workloads the node's desired state authorizes (the last saved one while the control plane"
                        + " cannot be reached) and stops them when it stops."})
final class RunCommand implements Callable<Integer> {

    private static final long SHUTDOWN_GRACE_SECONDS = 10;

    @Spec
    CommandSpec spec;

    @Mixin
    StateDirOption state;

    @Option(names = "--interval", paramLabel = "<duration>", converter = DurationConverter.class,
            description = "Time between heartbeats, varied by up to 10%% each time; a plain number means seconds"
                    + " (default: heartbeat-interval from the configuration, else 15s).")
    Duration interval;

    @Option(names = "--poll-interval", paramLabel = "<duration>", converter = DurationConverter.class,
            description = "Time between enrollment status polls while pending (default: 5s).")
    Duration pollInterval = AgentDefaults.ENROLLMENT_POLL_INTERVAL;

    @Option(names = "--heartbeats", paramLabel = "<n>",
            description = "Stop after n accepted heartbeats, for smoke tests (default: 0 = run until stopped).")
    long heartbeats;

    @Override
    public Integer call() throws Exception {
        if (interval == null) {
            interval = state.config().heartbeatInterval();
        }
        if (interval.isZero() || pollInterval.isZero()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--interval and --poll-interval must be positive");
        }
        if (heartbeats < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--heartbeats must not be negative");
        }
        var stateDir = state.open();
        Components components = new Components(stateDir, state.config(), spec.commandLine().getOut());
        StopSignal stop = new StopSignal();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            components.log.info("stopping");
            stop.stop();
            try {
                // Let the loop finish a state write in progress before the JVM goes.
                finished.await(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "rap-node-agent-shutdown");
        try (AutoCloseable lock = stateDir.lock()) {
            Runtime.getRuntime().addShutdownHook(hook);
            components.runner(state.config(), SupervisionPolicy.defaults()).run(interval, pollInterval, heartbeats, stop);
            return ExitCodes.OK;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook is running
            }
        }
    }
}
