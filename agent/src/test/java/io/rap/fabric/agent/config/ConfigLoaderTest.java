package io.rap.fabric.agent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    @TempDir
    Path tmp;

    @Test
    void missingDefaultFileMeansDefaults() {
        AgentConfig config = ConfigLoader.load(tmp.resolve("agent.conf"), false, Map.of());

        assertThat(config).isEqualTo(AgentConfig.defaults());
        assertThat(config.stateDir()).isEqualTo(Path.of("/var/lib/rap-node-agent"));
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.server()).isNull();
        assertThat(config.allowInsecureHttp()).isFalse();
        assertThat(config.fabricPort()).isEqualTo(7443);
        assertThat(config.processAllowList()).isEmpty();
        assertThat(config.linkReportInterval()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void missingExplicitFileIsAnError() {
        Path file = tmp.resolve("nope.conf");

        assertThatThrownBy(() -> ConfigLoader.load(file, true, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining(file.toString()).hasMessageContaining("does not exist");
    }

    @Test
    void readsEveryKey() throws IOException {
        Path file = write("""
                # control plane
                server = https://fabric.example.com

                state-dir=/srv/agent
                heartbeat-interval = 30s
                capabilities = synthetic.echo, can_run_vpn_exit  can_run_vpn_exit
                allow-insecure-http = yes
                fabric-port = 9443
                process-allow-list = /usr/bin/sleep, /opt/rap/bin/probe /usr/bin/sleep
                link-report-interval = 2m
                server-ca-file = /etc/rap-node-agent/server-ca.pem
                """);

        AgentConfig config = ConfigLoader.load(file, true, Map.of());

        assertThat(config).isEqualTo(new AgentConfig("https://fabric.example.com", Path.of("/srv/agent"),
                Duration.ofSeconds(30), List.of("synthetic.echo", "can_run_vpn_exit"), true, 9443,
                List.of(Path.of("/usr/bin/sleep"), Path.of("/opt/rap/bin/probe")), Duration.ofMinutes(2),
                Path.of("/etc/rap-node-agent/server-ca.pem")));
    }

    @Test
    void environmentOverridesTheFile() throws IOException {
        Path file = write("server = https://a.example\nheartbeat-interval = 30\ncapabilities = synthetic.echo\n");

        AgentConfig config = ConfigLoader.load(file, true, Map.of(
                "RAP_AGENT_SERVER", "https://b.example",
                "RAP_AGENT_STATE_DIR", "/tmp/agent-b",
                "RAP_AGENT_HEARTBEAT_INTERVAL", "2m",
                "RAP_AGENT_CAPABILITIES", "",
                "RAP_AGENT_ALLOW_INSECURE_HTTP", "true",
                "RAP_AGENT_FABRIC_PORT", "0",
                "RAP_AGENT_PROCESS_ALLOW_LIST", "/bin/true",
                "UNRELATED", "x"));

        assertThat(config).isEqualTo(new AgentConfig("https://b.example", Path.of("/tmp/agent-b"),
                Duration.ofMinutes(2), List.of(), true, 0, List.of(Path.of("/bin/true"))));
    }

    @Test
    void badValuesNameFileAndLine() throws IOException {
        assertError("server = https://x\nheartbeat-interval = soon\n", ":2: heartbeat-interval: 'soon' is not a duration");
        assertError("heartbeat-interval = 0\n", ":1: heartbeat-interval: must be positive");
        assertError("link-report-interval = 500ms\n", ":1: link-report-interval: must be at least 1s");
        assertError("\n\nallow-insecure-http = maybe\n", ":3: allow-insecure-http: expected true or false, found 'maybe'");
        assertError("state-dir = relative/dir\n", ":1: state-dir: must be an absolute path");
        assertError("server-ca-file = ca.pem\n", ":1: server-ca-file: must be an absolute path");
        assertError("# c\nsevrer = https://x\n", ":2: sevrer: unknown key");
        assertError("server https://x\n", ":1: expected 'key = value'");
        assertError("fabric-port = 70000\n", ":1: fabric-port: expected a port number from 0 to 65535, found '70000'");
        assertError("fabric-port = quic\n", ":1: fabric-port: expected a port number from 0 to 65535, found 'quic'");
        assertError("process-allow-list = sleep\n", ":1: process-allow-list: 'sleep' is not an absolute path");
        assertError("process-allow-list = /usr/bin/../bin/sh\n",
                ":1: process-allow-list: '/usr/bin/../bin/sh' is not an absolute path without '.', '..' or '//'");
        assertError("server = https://a\nserver = https://b\n", ":2: server is set twice");
    }

    @Test
    void badEnvironmentValueNamesTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(tmp.resolve("absent"), false,
                Map.of("RAP_AGENT_HEARTBEAT_INTERVAL", "-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("environment variable RAP_AGENT_HEARTBEAT_INTERVAL: heartbeat-interval:");
    }

    private void assertError(String content, String expected) throws IOException {
        Path file = write(content);
        assertThatThrownBy(() -> ConfigLoader.load(file, true, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining(file + expected);
    }

    private Path write(String content) throws IOException {
        Path file = Files.createTempFile(tmp, "agent", ".conf");
        Files.writeString(file, content);
        return file;
    }
}
