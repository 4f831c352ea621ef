package io.rap.fabric.agent.cli;

import io.rap.fabric.agent.config.AgentConfig;
import io.rap.fabric.agent.config.AgentDefaults;
import io.rap.fabric.agent.config.ServerUrl;
import io.rap.fabric.agent.control.Backoff;
import io.rap.fabric.agent.control.Enroller;
import io.rap.fabric.agent.control.LinkReporter;
import io.rap.fabric.agent.control.Log;
import io.rap.fabric.agent.control.NodeApiClient;
import io.rap.fabric.agent.control.NodeRunner;
import io.rap.fabric.agent.fabric.FabricIdentity;
import io.rap.fabric.agent.fabric.FabricLoop;
import io.rap.fabric.agent.fabric.PeerTable;
import io.rap.fabric.agent.fabric.RevocationSet;
import io.rap.fabric.agent.fabric.RunningFabric;
import io.rap.fabric.agent.control.Rotator;
import io.rap.fabric.agent.control.ServerTrust;
import io.rap.fabric.agent.facts.HostFactsCollector;
import io.rap.fabric.agent.facts.HostProbe;
import io.rap.fabric.agent.state.AgentState;
import io.rap.fabric.agent.state.StateDir;
import io.rap.fabric.agent.state.WorkloadStatesFile;
import io.rap.fabric.agent.supervision.SupervisionPolicy;
import io.rap.fabric.agent.supervision.Supervisor;
import io.rap.fabric.agent.supervision.WorkloadFactory;
import io.rap.fabric.protocol.LinkReport;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.random.RandomGenerator;

/** Wires the agent's parts for one command. */
final class Components {

    final StateDir stateDir;
    final Clock clock = Clock.systemUTC();
    final Log log;
    final HostFactsCollector facts;
    final HostProbe hostProbe = HostProbe.system();
    final Enroller enroller;
    private final ServerTrust serverTrust;

    /** @throws io.rap.fabric.agent.config.ConfigException when the configured server-ca-file cannot be used */
    Components(StateDir stateDir, AgentConfig config, PrintWriter logOut) {
        this.stateDir = stateDir;
        this.log = new Log(logOut, clock);
        this.facts = new HostFactsCollector(stateDir::hostId);
        this.serverTrust = ServerTrust.of(config);
        this.enroller = new Enroller(stateDir, facts, this::client, backoff(), clock, log);
    }

    /** A node API client for {@code server}, trusting what the configuration says for its HTTPS. */
    NodeApiClient client(ServerUrl server) {
        return new NodeApiClient(server, serverTrust, clock);
    }

    NodeRunner runner(AgentConfig config, SupervisionPolicy policy) {
        // The verified snapshot feeds the fabric: whom to refuse, and which peers to reach and relay to.
        RevocationSet revocations = new RevocationSet();
        PeerTable peers = new PeerTable();
        // The echo workload registers its fabric node here; the link reports read its route health.
        RunningFabric fabric = RunningFabric.reportingEvery(config.linkReportInterval());
        return new NodeRunner(stateDir, enroller, facts, this::client, backoff(),
                rotator(), backoff(), clock, log, state -> supervisor(config, policy, state, revocations, peers, fabric),
                snapshot -> {
                    revocations.update(snapshot.revokedSerials());
                    peers.update(snapshot.peers() == null ? List.of() : snapshot.peers(), snapshot.peerPolicy());
                }, new LinkReporter(fabric::linkReport, config.linkReportInterval(), backoff(), clock, log),
                () -> fabric.linkReport().map(LinkReport::links).orElse(List.of()));
    }

    Rotator rotator() {
        return new Rotator(stateDir, this::client, clock, log);
    }

    private Supervisor supervisor(AgentConfig config, SupervisionPolicy policy, AgentState state,
                                  RevocationSet revocations, PeerTable peers, RunningFabric fabric) {
        // Read the identity again at each workload start: a rotation replaces key and certificate together.
        WorkloadFactory workloads = new WorkloadFactory(config.processAllowList(), stateDir.path(), config.fabricPort(),
                new FabricLoop(), () -> FabricIdentity.load(stateDir, stateDir.load().orElse(state)),
                policy.probeTimeout(), revocations, peers, fabric);
        WorkloadStatesFile health = new WorkloadStatesFile(stateDir);
        return new Supervisor(workloads, policy, clock, log, RandomGenerator.getDefault(),
                states -> health.save(clock.instant(), states));
    }

    private static Backoff backoff() {
        return new Backoff(AgentDefaults.BACKOFF_BASE, AgentDefaults.BACKOFF_CAP, RandomGenerator.getDefault());
    }
}
