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
 * @param fabricPort        UDP port of the QUIC fabric (a {@code synthetic.echo} workload's
 *                          default); 0 lets the system choose one (tests)
 * @param processAllowList  absolute paths of the executables a {@code process} workload may run;
 *                          the control plane can never widen this list
 * @param linkReportInterval time between route health reports to the control plane while the
 *                          fabric runs (each wait varied like the heartbeats')
 * @param serverCaFile      PEM file with the certificates to trust for the control plane's HTTPS,
 *                          instead of the JVM's default authorities; null for the defaults
 */
public record AgentConfig(String server, Path stateDir, Duration heartbeatInterval, List<String> capabilities,
                          boolean allowInsecureHttp, int fabricPort, List<Path> processAllowList,
                          Duration linkReportInterval, Path serverCaFile) {

    public static final Path DEFAULT_FILE = Path.of("/etc/rap-node-agent/agent.conf");

    public AgentConfig {
        capabilities = List.copyOf(capabilities);
        processAllowList = List.copyOf(processAllowList);
    }

    /** The settings before {@code link-report-interval} and {@code server-ca-file} existed, with their defaults. */
    public AgentConfig(String server, Path stateDir, Duration heartbeatInterval, List<String> capabilities,
                       boolean allowInsecureHttp, int fabricPort, List<Path> processAllowList) {
        this(server, stateDir, heartbeatInterval, capabilities, allowInsecureHttp, fabricPort, processAllowList,
                AgentDefaults.LINK_REPORT_INTERVAL, null);
    }

    public static AgentConfig defaults() {
        return new AgentConfig(null, AgentDefaults.STATE_DIR, AgentDefaults.HEARTBEAT_INTERVAL, List.of(), false,
                AgentDefaults.FABRIC_PORT, List.of());
    }

    public AgentConfig withServer(String value) {
        return new AgentConfig(value, stateDir, heartbeatInterval, capabilities, allowInsecureHttp, fabricPort,
                processAllowList, linkReportInterval, serverCaFile);
    }

    public AgentConfig withStateDir(Path value) {
        return new AgentConfig(server, value, heartbeatInterval, capabilities, allowInsecureHttp, fabricPort,
                processAllowList, linkReportInterval, serverCaFile);
    }

    public AgentConfig withHeartbeatInterval(Duration value) {
        return new AgentConfig(server, stateDir, value, capabilities, allowInsecureHttp, fabricPort, processAllowList,
                linkReportInterval, serverCaFile);
    }

    public AgentConfig withCapabilities(List<String> value) {
        return new AgentConfig(server, stateDir, heartbeatInterval, value, allowInsecureHttp, fabricPort,
                processAllowList, linkReportInterval, serverCaFile);
    }

    public AgentConfig withAllowInsecureHttp(boolean value) {
        return new AgentConfig(server, stateDir, heartbeatInterval, capabilities, value, fabricPort, processAllowList,
                linkReportInterval, serverCaFile);
    }

    public AgentConfig withFabricPort(int value) {
        return new AgentConfig(server, stateDir, heartbeatInterval, capabilities, allowInsecureHttp, value,
                processAllowList, linkReportInterval, serverCaFile);
    }

    public AgentConfig withProcessAllowList(List<Path> value) {
        return new AgentConfig(server, stateDir, heartbeatInterval, capabilities, allowInsecureHttp, fabricPort, value,
                linkReportInterval, serverCaFile);
    }

    public AgentConfig withLinkReportInterval(Duration value) {
        return new AgentConfig(server, stateDir, heartbeatInterval, capabilities, allowInsecureHttp, fabricPort,
                processAllowList, value, serverCaFile);
    }

    public AgentConfig withServerCaFile(Path value) {
        return new AgentConfig(server, stateDir, heartbeatInterval, capabilities, allowInsecureHttp, fabricPort,
                processAllowList, linkReportInterval, value);
    }
}
