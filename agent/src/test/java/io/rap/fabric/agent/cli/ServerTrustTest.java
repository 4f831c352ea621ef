package io.rap.fabric.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rap.fabric.agent.fabric.TestCa;
import io.rap.fabric.agent.state.StateDir;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server-ca-file}: the agent trusts the operator's CA for the control plane's HTTPS, and
 * only it. Real TLS on 127.0.0.1 against the fake node API; the CA file is what an operator would
 * write (PEM).
 */
class ServerTrustTest {

    @TempDir
    Path dir;

    private TestCa serverCa;
    private FakeNodeApi api;

    @BeforeEach
    void start() throws Exception {
        serverCa = new TestCa("Control plane TLS CA");
        api = new FakeNodeApi(serverCa.httpsServer());
    }

    @AfterEach
    void stop() {
        api.stop();
    }

    @Test
    void enrollsAndHeartbeatsOverHttpsTrustingTheConfiguredCa() throws Exception {
        Path config = config(write("ca.pem", serverCa.pem()));

        CliRun enroll = enroll(config);
        assertThat(enroll.exitCode()).as(enroll.err()).isZero();
        assertThat(api.enrollments()).hasSize(1);

        CliRun run = CliRun.of("run", "--config", config.toString(), "--state-dir", state().toString(),
                "--heartbeats", "1", "--interval", "100ms", "--poll-interval", "100ms");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(api.heartbeats).hasSize(1);
    }

    @Test
    void refusesAServerWhoseCertificateAnotherCaIssued() throws Exception {
        Path otherCa = write("other.pem", new TestCa("Somebody else's CA").pem());

        CliRun enroll = enroll(config(otherCa));

        assertThat(enroll.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(enroll.err()).contains("TLS handshake failed",
                "checked against server-ca-file " + otherCa + " (1 certificate)");
        assertThat(api.submissions).hasValue(0);
        assertThat(state().resolve(StateDir.STATE_FILE)).doesNotExist();
    }

    @Test
    void withoutTheFileTheJvmAuthoritiesDoNotTrustAPrivateCa() throws Exception {
        CliRun enroll = enroll(write("agent.conf", "# no server-ca-file\n"));

        assertThat(enroll.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(enroll.err()).contains("TLS handshake failed", "the JVM's default certificate authorities");
        assertThat(api.submissions).hasValue(0);
    }

    @Test
    void anUnusableCaFileStopsTheCommandBeforeAnythingIsSent() throws Exception {
        Path garbage = write("garbage.pem", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
        Path empty = write("empty.pem", "");
        Path missing = dir.resolve("missing.pem");

        CliRun notPem = enroll(config(garbage));
        CliRun none = enroll(config(empty));
        CliRun absent = enroll(config(missing));
        CliRun relative = enroll(write("relative.conf", "server-ca-file = ca.pem\n"));

        assertThat(notPem.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(notPem.err()).contains("server-ca-file " + garbage + ": not a PEM file of X.509 certificates");
        assertThat(none.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("server-ca-file " + empty + ": holds no certificate");
        assertThat(absent.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(absent.err()).contains("server-ca-file " + missing + ": cannot read it");
        assertThat(relative.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(relative.err()).contains("server-ca-file: must be an absolute path");
        assertThat(api.submissions).hasValue(0);
        assertThat(state().resolve(StateDir.STATE_FILE)).doesNotExist();
    }

    private CliRun enroll(Path config) {
        return CliRun.of("enroll", "--config", config.toString(), "--server", api.url(), "--state-dir",
                state().toString(), "--token", FakeNodeApi.TOKEN, "--name", "edge-1");
    }

    private Path state() {
        return dir.resolve("state");
    }

    private Path config(Path caFile) throws Exception {
        return write("agent-" + caFile.getFileName() + ".conf", "server-ca-file = " + caFile + "\n");
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }
}
