package io.rap.fabric.agent.cli;

import io.rap.fabric.agent.config.AgentConfig;
import io.rap.fabric.agent.config.ServerUrl;
import io.rap.fabric.agent.control.Backoff;
import io.rap.fabric.agent.control.LinkReporter;
import io.rap.fabric.agent.control.Log;
import io.rap.fabric.agent.control.NodeApiClient;
import io.rap.fabric.agent.state.AgentState;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.LinkReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The link reports of an enrolled agent against {@link FakeNodeApi}: when they go, with which proof
 * and body, and that a running mesh node's measured links arrive.
 */
@Timeout(60)
class LinkReportingTest {

    private static final Duration INTERVAL = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private FakeNodeApi api;
    private AgentState state;
    private KeyPair key;
    private final MutableClock clock = new MutableClock(Instant.now());
    private final StringWriter logged = new StringWriter();
    private final AtomicReference<Optional<LinkReport>> fabric = new AtomicReference<>(Optional.empty());

    @BeforeEach
    void enroll() throws Exception {
        api = new FakeNodeApi();
        EnrolledAgent enrolled = EnrolledAgent.enroll(api, tmp.resolve("state"), "edge-1");
        state = enrolled.state();
        key = enrolled.key();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private LinkReporter reporter() {
        // a fixed seed; the test's steps hold for any jitter (at most ±10 % of the interval)
        return new LinkReporter(fabric::get, INTERVAL, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60),
                new Random(7)), clock, new Log(new PrintWriter(logged, true), clock));
    }

    /** Proofs carry the real time: the fake checks them against it, whatever the scheduling clock says. */
    private NodeApiClient client() {
        return new NodeApiClient(ServerUrl.parse(api.url(), true), Clock.systemUTC());
    }

    private LinkReport report(Instant at) {
        UUID peer = UUID.randomUUID();
        return new LinkReport(state.clusterId(), state.nodeId(), at, List.of(
                new LinkReport.LinkHealth(peer, null, 12, 1, 180L, 900L, 0, at.minusSeconds(2), at.minusSeconds(40)),
                new LinkReport.LinkHealth(peer, UUID.randomUUID(), 3, 3, null, null, 3, null, at.minusSeconds(5))));
    }

    @Test
    void theRunningFabricsRouteHealthIsSentOncePerIntervalWithTheNodesProof() {
        LinkReporter reporter = reporter();
        LinkReport measured = report(clock.instant());
        fabric.set(Optional.of(measured));

        reporter.sendIfDue(client(), state, key);
        assertThat(api.linkReports).as("the first report waits one interval").isEmpty();

        clock.advance(INTERVAL.plus(INTERVAL.dividedBy(10)));
        reporter.sendIfDue(client(), state, key);
        assertThat(api.linkReports).containsExactly(measured);
        assertThat(api.linkReportKeys).containsExactly(Keys.thumbprint(key.getPublic()));

        reporter.sendIfDue(client(), state, key);
        clock.advance(INTERVAL.dividedBy(2));
        reporter.sendIfDue(client(), state, key);
        assertThat(api.linkReports).as("not again within the interval").hasSize(1);

        clock.advance(INTERVAL);
        reporter.sendIfDue(client(), state, key);
        assertThat(api.linkReports).hasSize(2);
        assertThat(api.failures).isEmpty();
    }

    @Test
    void nothingIsSentWithoutARunningFabricOrForAnotherMembershipOrWithoutLinks() {
        LinkReporter reporter = reporter();
        clock.advance(INTERVAL.multipliedBy(2));
        reporter.sendIfDue(client(), state, key);

        fabric.set(Optional.of(new LinkReport(state.clusterId(), state.nodeId(), clock.instant(), List.of())));
        clock.advance(INTERVAL.multipliedBy(2));
        reporter.sendIfDue(client(), state, key);

        LinkReport foreign = report(clock.instant());
        fabric.set(Optional.of(new LinkReport(UUID.randomUUID(), state.nodeId(), foreign.measuredAt(), foreign.links())));
        clock.advance(INTERVAL.multipliedBy(2));
        reporter.sendIfDue(client(), state, key);

        assertThat(api.linkReports).isEmpty();
        assertThat(api.failures).isEmpty();
    }

    @Test
    void aRefusedReportIsRetriedWithBackoffAndLoggedOnce() {
        LinkReporter reporter = reporter();
        fabric.set(Optional.of(report(clock.instant())));
        api.failingLinkReports = 2;

        clock.advance(INTERVAL.multipliedBy(2));
        reporter.sendIfDue(client(), state, key);
        reporter.sendIfDue(client(), state, key);
        assertThat(api.linkReports).isEmpty();
        assertThat(api.failingLinkReports).as("no retry before the backoff delay").isEqualTo(1);
        assertThat(logged.toString()).contains("link report failed").contains("unavailable");

        clock.advance(Duration.ofSeconds(61)); // past the backoff cap
        reporter.sendIfDue(client(), state, key);
        clock.advance(Duration.ofSeconds(61));
        reporter.sendIfDue(client(), state, key);

        assertThat(api.linkReports).hasSize(1);
        assertThat(logged.toString().split("link report failed", -1)).as("one warning per failing streak").hasSize(2);
        assertThat(logged.toString()).contains("link report accepted again");
    }

    @Test
    void aRunningMeshNodeMeasuresItsPeerAndItsLinksArrive() throws Exception {
        UUID peerId;
        try (RelayPeer peer = RelayPeer.start(api)) {
            peerId = peer.id();
            // reports every 3 s, so the fabric measures its peers every second
            AgentConfig config = AgentConfig.defaults().withLinkReportInterval(Duration.ofSeconds(3));

            try (RunningAgent agent = new RunningAgent(tmp.resolve("state"), config, Duration.ofMillis(200))) {
                Instant deadline = Instant.now().plusSeconds(40);
                while (api.linkReports.stream().noneMatch(r -> measured(r, peerId))) {
                    assertThat(Instant.now()).as("waiting for a measured link; agent log:\n" + agent.log()
                            + "\nfailures: " + api.failures).isBefore(deadline);
                    Thread.sleep(100);
                }
            }
        }
        LinkReport report = api.linkReports.stream().filter(r -> measured(r, peerId)).findFirst().orElseThrow();
        assertThat(report.nodeId()).isEqualTo(state.nodeId());
        assertThat(report.clusterId()).isEqualTo(state.clusterId());
        assertThat(report.links()).filteredOn(l -> l.peer().equals(peerId) && l.via() == null).singleElement()
                .satisfies(l -> {
                    assertThat(l.failures()).isZero();
                    assertThat(l.rttMedianMicros()).isPositive();
                    assertThat(l.rttP99Micros()).isGreaterThanOrEqualTo(l.rttMedianMicros());
                    assertThat(l.lastSuccessAt()).isNotNull();
                });
        assertThat(api.linkReportKeys).containsOnly(Keys.thumbprint(key.getPublic()));
        assertThat(api.failures).isEmpty();
    }

    private static boolean measured(LinkReport report, UUID peer) {
        return report.links().stream().anyMatch(l -> l.peer().equals(peer) && l.attempts() > 0
                && l.rttMedianMicros() != null);
    }
}
