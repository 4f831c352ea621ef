package io.rap.fabric.agent.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The operator's settings after the configuration file and the {@code RAP_AGENT_*}
 * environment were applied (command-line options are applied on top by each command).
 *
 * @param server            control plane base URL, or null when not configured
 * @param capabilities      capabilities the operator enabled; reported only if the host can do them
 * @param allowInsecureHttp accept a plain http:// URL for a non-loopback server
 */
public record AgentConfig(String server, Path stateDir, Duration heartbeatInterval, List<String> capabilities,
                          boolean allowInsecureHttp) {

    public static final Path DEFAULT_FILE = Path.of("/etc/rap-node-agent/agent.conf");

    public AgentConfig {
        capabilities = List.copyOf(capabilities);
    }

    public static AgentConfig defaults() {
        return new AgentConfig(null, AgentDefaults.STATE_DIR, AgentDefaults.HEARTBEAT_INTERVAL, List.of(), false);
    }
}
