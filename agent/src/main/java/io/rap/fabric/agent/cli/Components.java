package io.rap.fabric.agent.cli;

import io.rap.fabric.agent.config.AgentDefaults;
import io.rap.fabric.agent.control.Backoff;
import io.rap.fabric.agent.control.Enroller;
import io.rap.fabric.agent.control.Log;
import io.rap.fabric.agent.control.NodeApiClient;
import io.rap.fabric.agent.control.NodeRunner;
import io.rap.fabric.agent.facts.HostFactsCollector;
import io.rap.fabric.agent.facts.HostProbe;
import io.rap.fabric.agent.state.StateDir;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.random.RandomGenerator;

/** Wires the agent's parts for one command. */
final class Components {

    final StateDir stateDir;
    final Clock clock = Clock.systemUTC();
    final Log log;
    final HostFactsCollector facts;
    final HostProbe hostProbe = HostProbe.system();
    final Enroller enroller;

    Components(StateDir stateDir, PrintWriter logOut) {
        this.stateDir = stateDir;
        this.log = new Log(logOut, clock);
        this.facts = new HostFactsCollector(stateDir::hostId);
        this.enroller = new Enroller(stateDir, facts, server -> new NodeApiClient(server, clock), backoff(), clock, log);
    }

    NodeRunner runner() {
        return new NodeRunner(stateDir, enroller, facts, server -> new NodeApiClient(server, clock), backoff(), clock, log);
    }

    private static Backoff backoff() {
        return new Backoff(AgentDefaults.BACKOFF_BASE, AgentDefaults.BACKOFF_CAP, RandomGenerator.getDefault());
    }
}
