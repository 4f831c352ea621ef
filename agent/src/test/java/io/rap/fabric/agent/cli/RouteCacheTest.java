package io.rap.fabric.agent.cli;

import io.rap.fabric.agent.config.AgentConfig;
import io.rap.fabric.agent.state.HealthFile;
import io.rap.fabric.agent.state.LocalHealth;
import io.rap.fabric.agent.state.StateDir;
import io.rap.fabric.protocol.LinkReport;
import io.rap.fabric.protocol.PeerPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restarted agent's fabric starts from the route cache saved in its state directory
 * ({@code health.json}), against {@link FakeNodeApi} with two real peers on 127.0.0.1: what the
 * cache says is in the first measured figures, and a peer it says failed is echoed again and
 * recovers with its first success.
 */
@Timeout(120)
class RouteCacheTest {

    @TempDir
    Path tmp;

    private FakeNodeApi api;
    private Path stateDir;

    @BeforeEach
    void enroll() throws Exception {
        api = new FakeNodeApi();
        stateDir = tmp.resolve("state");
        EnrolledAgent.enroll(api, stateDir, "edge-1");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void theFabricStartsFromTheSavedRouteCacheAndAPeerItSaysFailedRecoversOnItsFirstSuccess() throws Exception {
        UUID elsewhere = UUID.randomUUID();
        Instant before = Instant.now().minus(Duration.ofMinutes(10));
        UUID workingId;
        UUID failedId;
        LinkReport.LinkHealth recovered;
        try (RelayPeer working = RelayPeer.start(api); RelayPeer failed = RelayPeer.start(api)) {
            workingId = working.id();
            failedId = failed.id();
            api.snapshotPeers = List.of(working.snapshotPeer(), failed.snapshotPeer());
            // One active peer is enough, so the one the cache says failed is left out of the active set,
            // which is all the agent measures: only the check of the seeded failures reaches it.
            api.snapshotPeerPolicy = PeerPolicy.THIN;
            new HealthFile(new StateDir(stateDir)).save(new LocalHealth(before, LocalHealth.HEALTHY, List.of(), null,
                    List.of(
                    new LinkReport.LinkHealth(workingId, null, 5, 0, 300L, 800L, 0, before, null),
                    new LinkReport.LinkHealth(failedId, null, 3, 3, null, null, 3, null, before),
                    new LinkReport.LinkHealth(elsewhere, workingId, 2, 2, null, null, 2, null, before))));
            // reports every 3 s, so the fabric measures its peers every second
            AgentConfig config = AgentConfig.defaults().withLinkReportInterval(Duration.ofSeconds(3));

            try (RunningAgent agent = new RunningAgent(stateDir, config, Duration.ofMillis(200))) {
                Instant deadline = Instant.now().plusSeconds(60);
                Optional<LinkReport.LinkHealth> found;
                while ((found = directSuccess(failedId)).isEmpty()) {
                    assertThat(Instant.now()).as("waiting for a success to the peer the cache says failed; agent log:\n"
                            + agent.log() + "\nfailures: " + api.failures).isBefore(deadline);
                    Thread.sleep(100);
                }
                recovered = found.get();
            }
        }

        assertThat(recovered.failures()).as("the three cached failures are in the window").isGreaterThanOrEqualTo(3);
        assertThat(recovered.attempts()).isGreaterThan(recovered.failures());
        assertThat(recovered.consecutiveFailures()).as("the first success ends the cached streak").isZero();
        assertThat(api.linkReports).flatExtracting(LinkReport::links)
                .filteredOn(l -> l.peer().equals(workingId) && l.via() == null)
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l.attempts()).as("the cached five and this run's").isGreaterThan(5));
        assertThat(api.linkReports).flatExtracting(LinkReport::links).extracting(LinkReport.LinkHealth::peer)
                .as("a cached route this run never used is not reported").doesNotContain(elsewhere);
        LocalHealth saved = new HealthFile(new StateDir(stateDir)).load().orElseThrow();
        assertThat(saved.routes()).extracting(LinkReport.LinkHealth::peer).as("but kept in the cache")
                .contains(elsewhere);
    }

    private Optional<LinkReport.LinkHealth> directSuccess(UUID peer) {
        synchronized (api.linkReports) { // the agent adds to it meanwhile
            return api.linkReports.stream().flatMap(r -> r.links().stream())
                    .filter(l -> l.peer().equals(peer) && l.via() == null && l.lastSuccessAt() != null).findFirst();
        }
    }
}
