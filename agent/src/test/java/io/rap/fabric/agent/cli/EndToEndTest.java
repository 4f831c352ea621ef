package io.rap.fabric.agent.cli;

import io.rap.fabric.agent.state.StateDir;
import io.rap.fabric.protocol.Json;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.Pem;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent's commands in process against {@link FakeNodeApi}, which verifies every proof. */
@Timeout(60)
class EndToEndTest {

    @TempDir
    Path tmp;

    private FakeNodeApi api;
    private Path stateDir;

    @BeforeEach
    void start() throws Exception {
        api = new FakeNodeApi();
        stateDir = tmp.resolve("state");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void enrollsWaitsForApprovalAndHeartbeats() throws Exception {
        CliRun enroll = enroll("--capability", "synthetic.echo", "--role", "relay");

        assertThat(enroll.exitCode()).as(enroll.err()).isZero();
        UUID requestId = UUID.fromString(enroll.out().trim());
        FakeNodeApi.Enrollment submitted = api.enrollments().get(0);
        assertThat(submitted.requestId()).isEqualTo(requestId);
        assertThat(submitted.request().nodeName()).isEqualTo("edge-1");
        assertThat(submitted.request().capabilities()).containsExactly("synthetic.echo");
        assertThat(submitted.request().requestedRoles()).containsExactly("relay");
        assertThat(submitted.request().facts().hostFingerprint()).matches("[0-9a-f]{64}");
        assertThat(Files.readString(stateDir.resolve(StateDir.KEY_FILE)))
                .doesNotContain(submitted.request().csrPem());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stateDir.resolve(StateDir.KEY_FILE))))
                .isEqualTo("rw-------");
        JsonObject pending = statusJson(ExitCodes.NOT_ENROLLED);
        assertThat(pending.getString("enrollment")).isEqualTo("pending");
        assertThat(pending.getString("requestId")).isEqualTo(requestId.toString());

        CliRun run = CliRun.of("run", "--state-dir", stateDir.toString(), "--interval", "200ms",
                "--poll-interval", "100ms", "--heartbeats", "2");

        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        assertThat(api.failures).isEmpty();
        assertThat(api.polls.get()).isEqualTo(3);
        assertThat(api.heartbeats).hasSize(2).allSatisfy(h -> {
            assertThat(h.health()).isEqualTo("healthy");
            assertThat(h.facts()).isNotNull();
        });
        assertThat(run.out()).contains("approved").contains("heartbeat accepted");

        JsonObject status = statusJson(ExitCodes.OK);
        assertThat(status.getString("enrollment")).isEqualTo("approved");
        assertThat(status.getString("nodeId")).isNotBlank();
        assertThat(status.getString("clusterId")).isEqualTo(api.heartbeats.get(0).clusterId().toString());
        assertThat(status.getString("certificateSerial")).isEqualTo(api.issued.getSerialNumber().toString(16));
        assertThat(Instant.parse(status.getString("certificateNotAfter"))).isEqualTo(api.issued.getNotAfter().toInstant());
        assertThat(Instant.parse(status.getString("lastHeartbeatAt"))).isBefore(Instant.now().plusSeconds(1));
        assertThat(status.getString("server")).isEqualTo(api.url());
        assertThat(Keys.thumbprint(api.issued.getPublicKey()))
                .isEqualTo(Keys.thumbprint(new StateDir(stateDir).loadKey().orElseThrow().getPublic()));

        CliRun text = CliRun.of("status", "--state-dir", stateDir.toString());
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).contains("approved").contains(status.getString("nodeId"))
                .doesNotContainPattern("Last heartbeat: +never");
    }

    @Test
    void enrollWithWaitStoresTheIdentity() {
        api.pendingPolls = 1;

        CliRun enroll = enroll("--wait", "10s", "--poll-interval", "100ms");

        assertThat(enroll.exitCode()).as(enroll.err()).isZero();
        assertThat(api.failures).isEmpty();
        assertThat(statusJson(ExitCodes.OK).getString("certificateSerial"))
                .isEqualTo(api.issued.getSerialNumber().toString(16));
    }

    @Test
    void reRunWhilePendingSubmitsNothingNewAndKeepsTheKey() throws Exception {
        CliRun first = enroll();
        String key = Files.readString(stateDir.resolve(StateDir.KEY_FILE));

        CliRun second = enroll();

        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(api.submissions.get()).isEqualTo(1);
        assertThat(Files.readString(stateDir.resolve(StateDir.KEY_FILE))).isEqualTo(key);
    }

    @Test
    void rejectionEndsWithExit3() {
        api.decision = FakeNodeApi.Decision.REJECT;
        api.pendingPolls = 0;

        CliRun enroll = enroll("--wait", "10s", "--poll-interval", "100ms");

        assertThat(enroll.exitCode()).isEqualTo(ExitCodes.NOT_ENROLLED);
        assertThat(enroll.err()).contains("was rejected: host not expected");
        JsonObject status = statusJson(ExitCodes.NOT_ENROLLED);
        assertThat(status.getString("enrollment")).isEqualTo("rejected");
        assertThat(CliRun.of("run", "--state-dir", stateDir.toString()).exitCode()).isEqualTo(ExitCodes.NOT_ENROLLED);
        assertThat(api.failures).isEmpty();
    }

    @Test
    void waitRunningOutWhilePendingEndsWithExit3() {
        api.pendingPolls = Integer.MAX_VALUE;

        CliRun enroll = enroll("--wait", "300ms", "--poll-interval", "100ms");

        assertThat(enroll.exitCode()).isEqualTo(ExitCodes.NOT_ENROLLED);
        assertThat(enroll.err()).contains("is still pending");
    }

    @Test
    void heartbeatFailuresAreLoggedAndRetried() {
        api.pendingPolls = 0;
        api.failingHeartbeats = 1;
        assertThat(enroll("--wait", "10s", "--poll-interval", "100ms").exitCode()).isZero();

        CliRun run = CliRun.of("run", "--state-dir", stateDir.toString(), "--interval", "100ms", "--heartbeats", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("HTTP 503 urn:rap:problem:unavailable: database failover in progress")
                .contains("retrying in");
        assertThat(api.heartbeats).hasSize(1);
        assertThat(api.failures).isEmpty();
    }

    @Test
    void refusedJoinTokenShowsTheProblem() {
        CliRun enroll = CliRun.of("enroll", "--server", api.url(), "--token", "wrong", "--name", "edge-1",
                "--state-dir", stateDir.toString());

        assertThat(enroll.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(enroll.err()).contains("HTTP 403 urn:rap:problem:invalid_join_token")
                .contains("the join token is unknown, expired or used up");
        assertThat(stateDir.resolve(StateDir.KEY_FILE)).exists();
        assertThat(stateDir.resolve(StateDir.STATE_FILE)).doesNotExist();
    }

    @Test
    void tokenCanComeFromAFile() throws Exception {
        Path tokenFile = tmp.resolve("token");
        Files.writeString(tokenFile, FakeNodeApi.TOKEN + "\n", StandardCharsets.UTF_8);

        CliRun enroll = CliRun.of("enroll", "--server", api.url(), "--token-file", tokenFile.toString(),
                "--name", "edge-1", "--state-dir", stateDir.toString());

        assertThat(enroll.exitCode()).as(enroll.err()).isZero();
    }

    @Test
    void unreachableControlPlaneExitsWith4() {
        String url = api.url();
        api.close();

        CliRun enroll = CliRun.of("enroll", "--server", url, "--token", FakeNodeApi.TOKEN, "--name", "edge-1",
                "--state-dir", stateDir.toString());

        assertThat(enroll.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(enroll.err()).contains("cannot reach the control plane at " + url);
    }

    @Test
    void certificateForAnotherKeyIsRefused() throws Exception {
        api.pendingPolls = 0;
        api.issued = selfSignedForOtherKey();

        CliRun enroll = enroll("--wait", "5s", "--poll-interval", "100ms");

        assertThat(enroll.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(enroll.err()).contains("not for this node's key");
        assertThat(statusJson(ExitCodes.NOT_ENROLLED).getString("enrollment")).isEqualTo("pending");
    }

    @Test
    void enrollTakesServerStateDirAndCapabilitiesFromTheConfigurationFile() throws Exception {
        Path config = tmp.resolve("agent.conf");
        Files.writeString(config, "server = " + api.url() + "\nstate-dir = " + stateDir
                + "\ncapabilities = synthetic.echo, custom.probe\nheartbeat-interval = 100ms\n");

        CliRun enroll = CliRun.of("enroll", "--config", config.toString(), "--token", FakeNodeApi.TOKEN, "--name", "edge-1");

        assertThat(enroll.exitCode()).as(enroll.err()).isZero();
        assertThat(api.enrollments().get(0).request().capabilities()).containsExactly("synthetic.echo", "custom.probe");
        assertThat(stateDir.resolve(StateDir.KEY_FILE)).exists();

        // the interval comes from the file too: two heartbeats well within the test's time
        CliRun run = CliRun.of("run", "--config", config.toString(), "--poll-interval", "100ms", "--heartbeats", "2");
        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        assertThat(run.out()).contains("every 0.1 s");
    }

    @Test
    void commandLineOptionsWinOverTheConfigurationFile() throws Exception {
        Path config = tmp.resolve("agent.conf");
        Files.writeString(config, "server = https://unused.example\nstate-dir = " + tmp.resolve("unused")
                + "\ncapabilities = custom.from-file\n");

        CliRun enroll = CliRun.of("enroll", "--config", config.toString(), "--server", api.url(), "--state-dir",
                stateDir.toString(), "--capability", "synthetic.echo", "--token", FakeNodeApi.TOKEN, "--name", "edge-1");

        assertThat(enroll.exitCode()).as(enroll.err()).isZero();
        assertThat(api.enrollments().get(0).request().capabilities()).containsExactly("synthetic.echo");
        assertThat(stateDir.resolve(StateDir.KEY_FILE)).exists();
        assertThat(tmp.resolve("unused")).doesNotExist();
    }

    @Test
    void badConfigurationIsAUsageErrorNamingFileAndLine() throws Exception {
        Path config = tmp.resolve("agent.conf");
        Files.writeString(config, "# agent\nheartbeat-interval = often\n");

        CliRun run = CliRun.of("run", "--config", config.toString(), "--state-dir", stateDir.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains(config + ":2: heartbeat-interval: 'often' is not a duration");
    }

    @Test
    void enrollWithoutAnyServerIsAUsageError() throws Exception {
        Path config = tmp.resolve("empty.conf");
        Files.writeString(config, "");

        CliRun enroll = CliRun.of("enroll", "--config", config.toString(), "--token", "t", "--state-dir",
                stateDir.toString());

        assertThat(enroll.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(enroll.err()).contains("--server is required");
    }

    private CliRun enroll(String... extra) {
        String[] base = {"enroll", "--server", api.url(), "--token", FakeNodeApi.TOKEN, "--name", "edge-1",
                "--state-dir", stateDir.toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.of(args);
    }

    private JsonObject statusJson(int expectedExit) {
        CliRun status = CliRun.of("status", "--json", "--state-dir", stateDir.toString());
        assertThat(status.exitCode()).as(status.err()).isEqualTo(expectedExit);
        return Json.parse(status.out().getBytes(StandardCharsets.UTF_8));
    }

    private static java.security.cert.X509Certificate selfSignedForOtherKey() throws Exception {
        var other = Keys.generateP256();
        var name = new org.bouncycastle.asn1.x500.X500Name("CN=Test Cluster CA");
        var builder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name, java.math.BigInteger.TEN,
                java.util.Date.from(Instant.now().minusSeconds(60)), java.util.Date.from(Instant.now().plusSeconds(3600)),
                name, other.getPublic());
        var cert = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(builder.build(
                new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA").build(other.getPrivate())));
        return Pem.parseCertificate(Pem.encodeCertificate(cert));
    }
}
