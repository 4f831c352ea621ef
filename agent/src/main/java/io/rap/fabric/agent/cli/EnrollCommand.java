package io.rap.fabric.agent.cli;

import io.rap.fabric.agent.config.AgentConfig;
import io.rap.fabric.agent.config.AgentDefaults;
import io.rap.fabric.agent.config.ServerUrl;
import io.rap.fabric.agent.control.Enroller;
import io.rap.fabric.agent.control.EnrollmentRefusedException;
import io.rap.fabric.agent.control.StopSignal;
import io.rap.fabric.agent.facts.Capabilities;
import io.rap.fabric.agent.facts.HostFactsCollector;
import io.rap.fabric.agent.state.AgentState;
import io.rap.fabric.agent.state.EnrollmentState;
import io.rap.fabric.agent.state.StateDir;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "enroll", mixinStandardHelpOptions = true,
        description = {
                "Asks the control plane to admit this host as a node of a cluster.",
                "Creates the node key (kept in the state directory, never sent), sends a certificate request, host"
                        + " facts and capabilities with the join token, and prints the enrollment request id on"
                        + " standard output. Re-running it while the request is pending submits nothing new.",
                "To put this host into a further cluster as the same node, enroll a second state directory with"
                        + " --same-node-as naming the state directory of the membership it already has."})
final class EnrollCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StateDirOption state;

    @Option(names = "--server", paramLabel = "<url>",
            description = "Control plane base URL, e.g. https://fabric.example.com (default: server from the"
                    + " configuration).")
    String server;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Token token;

    static final class Token {
        @Option(names = "--token", paramLabel = "<token>", description = "Join token (visible to other local users in"
                + " the process list; prefer --token-file).")
        String value;

        @Option(names = "--token-file", paramLabel = "<file>", description = "File holding the join token.")
        Path file;
    }

    @Option(names = "--name", paramLabel = "<node name>", description = "Node name (default: the host name).")
    String name;

    @Option(names = "--role", paramLabel = "<role>", description = "Role to request; repeatable.")
    List<String> roles = new ArrayList<>();

    @Option(names = "--capability", paramLabel = "<capability>",
            description = "Capability to report, e.g. synthetic.echo; repeatable; replaces the configured"
                    + " capabilities. Reported only if this host can do it. Capabilities are not permissions.")
    List<String> capabilities = new ArrayList<>();

    @Option(names = "--wait", paramLabel = "<duration>", converter = DurationConverter.class, defaultValue = "0",
            description = "Wait up to this long for the decision, e.g. 10m (default: 0 = submit and return).")
    Duration wait;

    @Option(names = "--poll-interval", paramLabel = "<duration>", converter = DurationConverter.class,
            description = "Time between status polls while waiting (default: 5s).")
    Duration pollInterval = AgentDefaults.ENROLLMENT_POLL_INTERVAL;

    @Option(names = "--same-node-as", paramLabel = "<state dir>",
            description = "Join as a further membership of the node enrolled in this other state directory (same"
                    + " host, same control plane, another cluster), instead of as a new node. That membership's key"
                    + " signs a claim for this enrollment's new key; it must be approved and its certificate valid."
                    + " This enrollment still gets its own key, certificate and state in --state-dir.")
    Path sameNodeAs;

    @Option(names = "--allow-insecure-http",
            description = "Accept a plain http:// server URL for a non-loopback host (exposes the join token).")
    boolean allowInsecureHttp;

    @Override
    public Integer call() throws Exception {
        AgentConfig config = state.config();
        String url = server != null ? server : config.server();
        if (url == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--server is required (or set 'server' in the configuration file)");
        }
        ServerUrl serverUrl;
        try {
            serverUrl = ServerUrl.parse(url, allowInsecureHttp || config.allowInsecureHttp());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--server: " + e.getMessage());
        }
        String joinToken = joinToken();
        String nodeName = name != null ? name : HostFactsCollector.hostname();
        var stateDir = state.open();
        StateDir vouching = sameNodeAs == null ? null : new StateDir(sameNodeAs);
        if (vouching != null && vouching.path().equals(stateDir.path())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--same-node-as: " + vouching.path()
                    + " is this enrollment's own --state-dir; give this membership a state directory of its own");
        }
        Components components = new Components(stateDir, state.config(), spec.commandLine().getErr());
        List<String> reported = Capabilities.effective(capabilities.isEmpty() ? config.capabilities() : capabilities,
                components.hostProbe, components.log);
        try (AutoCloseable lock = stateDir.lock()) {
            AgentState pending = components.enroller.submit(
                    new Enroller.Request(serverUrl, joinToken, nodeName, List.copyOf(roles), reported, vouching));
            spec.commandLine().getOut().println(pending.requestId());
            spec.commandLine().getOut().flush();
            if (wait.isZero()) {
                return ExitCodes.OK;
            }
            AgentState decided = components.enroller.awaitDecision(pending,
                    components.clock.instant().plus(wait), pollInterval, new StopSignal());
            if (decided.enrollment() == EnrollmentState.APPROVED) {
                return ExitCodes.OK;
            }
            if (decided.enrollment() == EnrollmentState.REJECTED) {
                throw new EnrollmentRefusedException(Enroller.describeRefusal(decided));
            }
            throw new EnrollmentRefusedException("enrollment request " + decided.requestId() + " is still pending after "
                    + wait + "; 'rap-node-agent run' keeps waiting for the decision");
        }
    }

    private String joinToken() {
        if (token.value != null) {
            return token.value.trim();
        }
        try {
            return Files.readString(token.file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--token-file: cannot read " + token.file + ": "
                    + e.getMessage());
        }
    }
}
