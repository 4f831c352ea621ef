package io.rap.fabric.agent.cli;

import io.rap.fabric.agent.state.StateDir;
import io.rap.fabric.protocol.Json;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.Problem;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code rotate} and the automatic rotation in {@code run}, against {@link FakeNodeApi}. */
@Timeout(60)
class RotationTest {

    @TempDir
    Path tmp;

    private FakeNodeApi api;
    private Path stateDir;

    @BeforeEach
    void start() throws Exception {
        api = new FakeNodeApi();
        api.pendingPolls = 0;
        stateDir = tmp.resolve("state");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private void enrolled() {
        CliRun enroll = CliRun.of("enroll", "--server", api.url(), "--token", FakeNodeApi.TOKEN, "--name", "edge-1",
                "--state-dir", stateDir.toString(), "--wait", "10s", "--poll-interval", "100ms");
        assertThat(enroll.exitCode()).as(enroll.err()).isZero();
    }

    private CliRun rotate(String... extra) {
        String[] base = {"rotate", "--state-dir", stateDir.toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.of(args);
    }

    private JsonObject status() {
        CliRun status = CliRun.of("status", "--json", "--state-dir", stateDir.toString());
        assertThat(status.exitCode()).as(status.err()).isZero();
        return Json.parse(status.out().getBytes(StandardCharsets.UTF_8));
    }

    private String keyThumbprint() {
        return Keys.thumbprint(new StateDir(stateDir).loadKey().orElseThrow().getPublic());
    }

    private Path nextKey() {
        return stateDir.resolve(StateDir.NEXT_KEY_FILE);
    }

    @Test
    void forcedRotationSwitchesToANewKeyAndCertificate() throws Exception {
        enrolled();
        String oldKey = keyThumbprint();
        String oldSerial = status().getString("certificateSerial");

        CliRun rotate = rotate("--force");

        assertThat(rotate.exitCode()).as(rotate.err()).isZero();
        String newSerial = api.renewed.getSerialNumber().toString(16);
        assertThat(rotate.out().trim()).isEqualTo(newSerial).isNotEqualTo(oldSerial);
        assertThat(rotate.err()).contains("certificate rotated: serial " + oldSerial + " -> " + newSerial);
        assertThat(keyThumbprint()).isNotEqualTo(oldKey).isEqualTo(Keys.thumbprint(api.renewed.getPublicKey()));
        assertThat(nextKey()).doesNotExist();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stateDir.resolve(StateDir.KEY_FILE))))
                .isEqualTo("rw-------");
        JsonObject status = status();
        assertThat(status.getString("certificateSerial")).isEqualTo(newSerial);
        assertThat(Instant.parse(status.getString("certificateNotAfter"))).isEqualTo(api.renewed.getNotAfter().toInstant());

        CliRun run = CliRun.of("run", "--state-dir", stateDir.toString(), "--interval", "100ms", "--heartbeats", "1");
        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        assertThat(api.heartbeatKeys).containsExactly(keyThumbprint());
        assertThat(api.renewals.get()).isEqualTo(1);
        assertThat(api.failures).isEmpty();
    }

    @Test
    void withoutForceAYoungCertificateIsKept() {
        enrolled();
        String key = keyThumbprint();

        CliRun rotate = rotate();

        assertThat(rotate.exitCode()).as(rotate.err()).isZero();
        assertThat(rotate.out()).isEmpty();
        assertThat(rotate.err()).contains("not rotating: certificate serial " + status().getString("certificateSerial"))
                .contains("two thirds of its lifetime").contains("use --force");
        assertThat(api.renewals.get()).isZero();
        assertThat(keyThumbprint()).isEqualTo(key);
    }

    @Test
    void withoutForceAnOldCertificateIsRotated() {
        api.enrolledCertificateAge = Duration.ofDays(21);
        enrolled();

        CliRun rotate = rotate();

        assertThat(rotate.exitCode()).as(rotate.err()).isZero();
        assertThat(api.renewals.get()).isEqualTo(1);
        assertThat(status().getString("certificateSerial")).isEqualTo(api.renewed.getSerialNumber().toString(16));
    }

    @Test
    void aRefusedRotationKeepsTheIdentityAndTheNextAttemptAsksForTheSameKey() throws Exception {
        enrolled();
        String key = keyThumbprint();
        String serial = status().getString("certificateSerial");
        api.refuseRenewal = Problem.of("authority_not_healthy", 409, "Conflict",
                "The cluster's authority state is 'minority_partition'");

        CliRun refused = rotate("--force");

        assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(refused.err()).contains("HTTP 409 urn:rap:problem:authority_not_healthy");
        assertThat(keyThumbprint()).isEqualTo(key);
        assertThat(status().getString("certificateSerial")).isEqualTo(serial);
        KeyPair pending = new StateDir(stateDir).loadNextKey().orElseThrow();

        api.refuseRenewal = null;
        CliRun retried = rotate();

        assertThat(retried.exitCode()).as(retried.err()).isZero();
        assertThat(keyThumbprint()).isEqualTo(Keys.thumbprint(pending.getPublic()));
        assertThat(nextKey()).doesNotExist();
    }

    @Test
    void aRefusedKeyIsGivenUp() {
        enrolled();
        api.refuseRenewal = Problem.of("key_reused", 409, "Conflict", "key already used");

        CliRun refused = rotate("--force");

        assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(refused.err()).contains("key_reused");
        assertThat(nextKey()).doesNotExist();
    }

    @Test
    void aCertificateForAnotherKeyIsRefusedAndTheOldIdentityKept() {
        enrolled();
        String key = keyThumbprint();
        String serial = status().getString("certificateSerial");
        api.renewForAnotherKey = true;

        CliRun rotate = rotate("--force");

        assertThat(rotate.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(rotate.err()).contains("not for this node's key");
        assertThat(keyThumbprint()).isEqualTo(key);
        assertThat(status().getString("certificateSerial")).isEqualTo(serial);
        CliRun run = CliRun.of("run", "--state-dir", stateDir.toString(), "--interval", "100ms", "--heartbeats", "1");
        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        assertThat(api.heartbeatKeys).containsExactly(key);
    }

    @Test
    void aCrashBeforeTheAnswerIsRepeatedWithTheSameKey() {
        enrolled();
        // what a crash right after writing the next key and sending the CSR leaves behind
        KeyPair pending = new StateDir(stateDir).loadOrCreateNextKey();

        CliRun rotate = rotate();

        assertThat(rotate.exitCode()).as(rotate.err()).isZero();
        assertThat(Keys.thumbprint(api.renewed.getPublicKey())).isEqualTo(Keys.thumbprint(pending.getPublic()));
        assertThat(keyThumbprint()).isEqualTo(Keys.thumbprint(pending.getPublic()));
        assertThat(nextKey()).doesNotExist();
    }

    @Test
    void aCrashBetweenSavingTheCertificateAndSwitchingKeysIsFinishedAtTheNextStart() throws Exception {
        enrolled();
        Path key = stateDir.resolve(StateDir.KEY_FILE);
        Path oldKey = tmp.resolve("old.key");
        Files.copy(key, oldKey);
        assertThat(rotate("--force").exitCode()).isZero();
        String newKey = keyThumbprint();
        // state.json already names the new certificate, but node.key was not replaced yet
        Files.move(key, nextKey(), StandardCopyOption.ATOMIC_MOVE);
        Files.copy(oldKey, key);

        CliRun run = CliRun.of("run", "--state-dir", stateDir.toString(), "--interval", "100ms", "--heartbeats", "1");

        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        assertThat(run.out()).contains("finished the interrupted rotation");
        assertThat(keyThumbprint()).isEqualTo(newKey);
        assertThat(nextKey()).doesNotExist();
        assertThat(api.heartbeatKeys).containsExactly(newKey);
        assertThat(api.renewals.get()).isEqualTo(1);
    }

    @Test
    void runRotatesOnceTwoThirdsOfTheLifetimeHavePassed() {
        api.enrolledCertificateAge = Duration.ofDays(25);
        enrolled();
        String oldKey = keyThumbprint();

        CliRun run = CliRun.of("run", "--state-dir", stateDir.toString(), "--interval", "100ms", "--heartbeats", "2");

        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        assertThat(run.out()).contains("certificate rotated");
        assertThat(api.renewals.get()).isEqualTo(1); // the new certificate is young: no second rotation
        assertThat(keyThumbprint()).isNotEqualTo(oldKey);
        assertThat(api.heartbeatKeys).hasSize(2).containsOnly(keyThumbprint());
        assertThat(status().getString("certificateSerial")).isEqualTo(api.renewed.getSerialNumber().toString(16));
        assertThat(api.failures).isEmpty();
    }

    @Test
    void aFailingRotationInRunNeverStopsTheHeartbeats() {
        api.enrolledCertificateAge = Duration.ofDays(25);
        enrolled();
        String key = keyThumbprint();
        api.refuseRenewal = Problem.of("unavailable", 503, "Try later", "database failover in progress");

        CliRun run = CliRun.of("run", "--state-dir", stateDir.toString(), "--interval", "100ms", "--heartbeats", "3");

        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        assertThat(run.out()).contains("certificate rotation failed").contains("database failover in progress");
        assertThat(api.heartbeatKeys).hasSize(3).containsOnly(key);
        assertThat(api.renewals.get()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aRotationRequestInTheHeartbeatAnswerIsServedAtOnceAndTheNextHeartbeatUsesTheNewKey() {
        enrolled();
        String oldKey = keyThumbprint();
        api.rotationRequestedAt = Instant.parse("2026-01-01T10:00:00Z");
        api.rotationRequestedKey = oldKey;
        long started = System.nanoTime();

        // a young certificate and a long interval: only the request can make it rotate, and only
        // "at once" lets the second heartbeat come before the interval is over
        CliRun run = CliRun.of("run", "--state-dir", stateDir.toString(), "--interval", "30s", "--heartbeats", "2");

        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        assertThat(run.out()).contains("rotating the certificate now: the control plane asked for it (request of"
                + " 2026-01-01T10:00:00Z)").contains("certificate rotated");
        assertThat(api.renewals.get()).isEqualTo(1);
        assertThat(keyThumbprint()).isNotEqualTo(oldKey);
        assertThat(api.heartbeatKeys).containsExactly(oldKey, keyThumbprint());
        assertThat(status().getString("certificateSerial")).isEqualTo(api.renewed.getSerialNumber().toString(16));
        assertThat(api.failures).isEmpty();
    }

    @Test
    void aServerThatKeepsAskingGetsOneRotationPerRequest() {
        enrolled();
        String oldKey = keyThumbprint();
        api.rotationRequestedAt = Instant.parse("2026-01-01T10:00:00Z");
        api.rotationRequestedKey = null; // every answer repeats the same request, new key or not

        CliRun run = CliRun.of("run", "--state-dir", stateDir.toString(), "--interval", "100ms", "--heartbeats", "5");

        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        assertThat(api.renewals.get()).isEqualTo(1);
        assertThat(api.heartbeatKeys).hasSize(5).first().isEqualTo(oldKey);
        assertThat(api.heartbeatKeys.subList(1, 5)).containsOnly(keyThumbprint());
    }

    @Test
    void aRefusedRequestedRotationBacksOffInsteadOfLooping() {
        enrolled();
        String key = keyThumbprint();
        api.rotationRequestedAt = Instant.parse("2026-01-01T10:00:00Z");
        api.rotationRequestedKey = key;
        api.refuseRenewal = Problem.of("authority_not_healthy", 409, "Conflict",
                "The cluster's authority state is 'minority_partition'");

        CliRun run = CliRun.of("run", "--state-dir", stateDir.toString(), "--interval", "100ms", "--heartbeats", "12");

        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        assertThat(run.out()).contains("certificate rotation failed").contains("authority_not_healthy")
                .contains("retrying in");
        // one attempt per answer would be 12; the rotation backoff (1 s, 2 s, 4 s ... with jitter)
        // allows a handful in the ~1.2 s these heartbeats take
        assertThat(api.renewals.get()).isBetween(1, 5);
        assertThat(api.heartbeatKeys).hasSize(12).containsOnly(key);
        assertThat(keyThumbprint()).isEqualTo(key);
    }

    @Test
    void rotateNeedsAnEnrolledNode() {
        CliRun rotate = rotate("--force");

        assertThat(rotate.exitCode()).isEqualTo(ExitCodes.NOT_ENROLLED);
        assertThat(rotate.err()).contains("not enrolled");
    }
}
