package io.rap.fabric.agent.config;

import java.nio.file.Path;
import java.time.Duration;

/** Defaults an operator may override on the command line. */
public final class AgentDefaults {

    public static final Path STATE_DIR = Path.of("/var/lib/rap-node-agent");
    public static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(15);
    public static final Duration ENROLLMENT_POLL_INTERVAL = Duration.ofSeconds(5);
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** How long a failing control plane is left alone at most between attempts. */
    public static final Duration BACKOFF_CAP = Duration.ofSeconds(60);
    public static final Duration BACKOFF_BASE = Duration.ofSeconds(1);
    /** Time between route health reports (link inventory) while the fabric runs. */
    public static final Duration LINK_REPORT_INTERVAL = Duration.ofSeconds(60);
    /** UDP port of the QUIC fabric. */
    public static final int FABRIC_PORT = 7443;

    private AgentDefaults() {
    }
}
