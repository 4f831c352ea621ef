package io.rap.fabric.agent.cli;

import io.rap.fabric.agent.state.AgentState;
import io.rap.fabric.agent.state.StateDir;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.NodeClaim;
import io.rap.fabric.protocol.NodeProof;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code enroll --same-node-as}: a second state directory joins as a further membership of the
 * node enrolled in the first, proven by a node claim that {@link FakeNodeApi} verifies the way the
 * control plane does.
 */
@Timeout(60)
class SameNodeEnrollmentTest {

    @TempDir
    Path tmp;

    private FakeNodeApi api;
    private Path first;
    private Path second;

    @BeforeEach
    void start() throws Exception {
        api = new FakeNodeApi();
        api.pendingPolls = 0;
        first = tmp.resolve("cluster-x");
        second = tmp.resolve("cluster-y");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void secondMembershipHasItsOwnKeyAndIsTheSameNode() throws Exception {
        assertThat(enroll(first, "--wait", "10s", "--poll-interval", "100ms").exitCode()).isZero();
        AgentState a = new StateDir(first).load().orElseThrow();

        CliRun b = enroll(second, "--same-node-as", first.toString(), "--wait", "10s", "--poll-interval", "100ms");

        assertThat(b.exitCode()).as(b.err()).isZero();
        assertThat(api.refusedClaims).isEmpty();
        assertThat(api.failures).isEmpty();
        FakeNodeApi.Enrollment submitted = api.enrollments().stream()
                .filter(e -> e.request().nodeClaim() != null).findFirst().orElseThrow();
        assertThat(submitted.request().nodeClaim().nodeId()).isEqualTo(a.nodeId());
        // The claim is a proof by A's key over B's new key and the join token.
        var keyA = new StateDir(first).loadKey().orElseThrow();
        var keyB = new StateDir(second).loadKey().orElseThrow();
        assertThat(Keys.thumbprint(keyB.getPublic())).isNotEqualTo(Keys.thumbprint(keyA.getPublic()))
                .isEqualTo(submitted.csr().keyThumbprint());
        var proof = NodeProof.verify(submitted.request().nodeClaim().proof(), "POST",
                URI.create(api.url() + "/node-api/v1/enrollments"),
                NodeClaim.statement(a.nodeId(), Keys.thumbprint(keyB.getPublic()), FakeNodeApi.TOKEN), Instant.now(),
                Duration.ofSeconds(60));
        assertThat(proof.keyThumbprint()).isEqualTo(Keys.thumbprint(keyA.getPublic()));

        AgentState bState = new StateDir(second).load().orElseThrow();
        assertThat(bState.nodeId()).isEqualTo(a.nodeId());
        assertThat(bState.certificateSerial()).isNotEqualTo(a.certificateSerial());
        assertThat(Files.readString(first.resolve(StateDir.KEY_FILE))).isNotEqualTo(
                Files.readString(second.resolve(StateDir.KEY_FILE)));
        // Both memberships authenticate with their own keys.
        assertThat(CliRun.of("run", "--state-dir", first.toString(), "--interval", "100ms", "--heartbeats", "1")
                .exitCode()).isZero();
        assertThat(CliRun.of("run", "--state-dir", second.toString(), "--interval", "100ms", "--heartbeats", "1")
                .exitCode()).isZero();
        assertThat(api.heartbeatKeys).containsExactlyInAnyOrder(Keys.thumbprint(keyA.getPublic()),
                Keys.thumbprint(keyB.getPublic()));
        assertThat(api.failures).isEmpty();
    }

    @Test
    void aMembershipThatIsNotEnrolledCannotVouch() {
        api.pendingPolls = Integer.MAX_VALUE;
        assertThat(enroll(first).exitCode()).isZero(); // pending

        CliRun b = enroll(second, "--same-node-as", first.toString());

        assertThat(b.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(b.err()).contains("--same-node-as: " + first + " holds no enrolled membership (enrollment pending)");
        assertThat(second.resolve(StateDir.KEY_FILE)).doesNotExist();
        CliRun none = enroll(second, "--same-node-as", tmp.resolve("nothing").toString());
        assertThat(none.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(none.err()).contains("is not a directory");
        assertThat(api.submissions.get()).isEqualTo(1);
    }

    @Test
    void theSameDirectoryIsAUsageError() throws Exception {
        CliRun same = enroll(first, "--same-node-as", first.resolve(".").toString());

        assertThat(same.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(same.err()).contains("is this enrollment's own --state-dir");
        // A symbolic link to it is the same directory too: refused before anything is sent.
        Files.createDirectories(first);
        Path link = Files.createSymbolicLink(tmp.resolve("link"), first);
        CliRun viaLink = enroll(first, "--same-node-as", link.toString());
        assertThat(viaLink.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(viaLink.err()).contains("is the state directory of this enrollment itself");
        assertThat(api.submissions.get()).isZero();
        assertThat(first.resolve(StateDir.KEY_FILE)).doesNotExist();
    }

    @Test
    void anExpiredCertificateCannotVouch() throws Exception {
        assertThat(enroll(first, "--wait", "10s", "--poll-interval", "100ms").exitCode()).isZero();
        StateDir a = new StateDir(first);
        AgentState state = a.load().orElseThrow();
        Instant past = Instant.now().minusSeconds(60);
        a.save(state.rotated(state.certificatePem(), state.certificateSerial(), past));

        CliRun b = enroll(second, "--same-node-as", first.toString());

        assertThat(b.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(b.err()).contains("the certificate of the membership in " + first + " expired at " + past);
        assertThat(api.submissions.get()).isEqualTo(1);
    }

    @Test
    void aMembershipWithAnotherControlPlaneCannotVouch() throws Exception {
        assertThat(enroll(first, "--wait", "10s", "--poll-interval", "100ms").exitCode()).isZero();
        try (FakeNodeApi other = new FakeNodeApi()) {
            CliRun b = CliRun.of("enroll", "--server", other.url(), "--token", FakeNodeApi.TOKEN, "--name", "edge-1",
                    "--state-dir", second.toString(), "--same-node-as", first.toString());

            assertThat(b.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(b.err()).contains("is enrolled with " + api.url() + ", not " + other.url());
            assertThat(other.submissions.get()).isZero();
        }
    }

    @Test
    void aClaimTheControlPlaneRefusesIsReportedWithItsProblemType() throws Exception {
        assertThat(enroll(first, "--wait", "10s", "--poll-interval", "100ms").exitCode()).isZero();
        // The vouching key is not one the control plane knows for this node (e.g. the node was re-keyed).
        StateDir a = new StateDir(first);
        Files.delete(first.resolve(StateDir.KEY_FILE));
        a.loadOrCreateKey();

        CliRun b = enroll(second, "--same-node-as", first.toString());

        assertThat(b.exitCode()).isNotZero();
        assertThat(b.err()).contains("invalid_node_claim");
        assertThat(api.refusedClaims).singleElement().asString().startsWith("not signed by a key of node");
        assertThat(new StateDir(second).load()).isEmpty();
    }

    @Test
    void helpNamesTheOption() {
        CliRun help = CliRun.of("enroll", "--help");

        assertThat(help.out()).contains("--same-node-as=<state dir>").contains("further membership");
    }

    private CliRun enroll(Path stateDir, String... extra) {
        String[] base = {"enroll", "--server", api.url(), "--token", FakeNodeApi.TOKEN, "--name", "edge-1",
                "--state-dir", stateDir.toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.of(args);
    }
}
