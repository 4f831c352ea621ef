package io.rap.fabric.agent.cli;

import io.rap.fabric.agent.config.AgentConfig;
import io.rap.fabric.agent.config.ServerUrl;
import io.rap.fabric.agent.control.Backoff;
import io.rap.fabric.agent.control.LinkReporter;
import io.rap.fabric.agent.control.Log;
import io.rap.fabric.agent.control.NodeApiClient;
import io.rap.fabric.agent.state.AgentState;
import io.rap.fabric.protocol.Heartbeat;
import io.rap.fabric.protocol.LinkReport;
import io.rap.fabric.protocol.TelemetryFlag;
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
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test telemetry flags' effects in the agent, against {@link FakeNodeApi}: {@code link_trace}
 * shortens the link report interval while it applies, {@code heartbeat_detail} adds the runtime
 * block to heartbeats while it applies, and both stop at their expiry without a new desired state.
 */
@Timeout(90)
class TelemetryFlagsTest {

    private static final Duration CONFIGURED = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private FakeNodeApi api;
    private AgentState state;
    private KeyPair key;

    @BeforeEach
    void enroll() throws Exception {
        api = new FakeNodeApi();
        EnrolledAgent enrolled = EnrolledAgent.enroll(api, stateDir(), "edge-t");
        state = enrolled.state();
        key = enrolled.key();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private Path stateDir() {
        return tmp.resolve("state");
    }

    @Test
    void theLinkReportIntervalFollowsLinkTrace() {
        MutableClock clock = new MutableClock(Instant.now());
        LinkReporter reporter = new LinkReporter(() -> Optional.of(report(clock.instant())), CONFIGURED,
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random(11)), clock,
                new Log(new PrintWriter(new StringWriter(), true), clock));
        NodeApiClient client = new NodeApiClient(ServerUrl.parse(api.url(), true), Clock.systemUTC());

        clock.advance(Duration.ofSeconds(12)); // past 10 s ±10 %, far from 60 s
        reporter.sendIfDue(client, state, key, false);
        assertThat(api.linkReports).as("without the flag: the configured interval").isEmpty();

        reporter.sendIfDue(client, state, key, true);
        assertThat(api.linkReports).as("with link_trace: every 10 s").hasSize(1);
        clock.advance(Duration.ofSeconds(5));
        reporter.sendIfDue(client, state, key, true);
        assertThat(api.linkReports).as("not again within 10 s").hasSize(1);
        clock.advance(Duration.ofSeconds(7));
        reporter.sendIfDue(client, state, key, true);
        assertThat(api.linkReports).hasSize(2);

        clock.advance(Duration.ofSeconds(12));
        reporter.sendIfDue(client, state, key, false);
        assertThat(api.linkReports).as("flag off again: back to the configured interval").hasSize(2);
        clock.advance(CONFIGURED);
        reporter.sendIfDue(client, state, key, false);
        assertThat(api.linkReports).hasSize(3);
        assertThat(api.failures).isEmpty();
    }

    @Test
    void aRunningAgentReportsLinksEveryTenSecondsWhileLinkTraceApplies() throws Exception {
        try (RelayPeer peer = RelayPeer.start(api)) {
            api.desireTelemetry(List.of(new TelemetryFlag(TelemetryFlag.LINK_TRACE, Instant.now().plusSeconds(3600))));
            // link reports configured every 60 s: only the flag can make one arrive sooner
            AgentConfig config = AgentConfig.defaults().withLinkReportInterval(CONFIGURED);
            Instant started = Instant.now();
            try (RunningAgent agent = new RunningAgent(stateDir(), config, Duration.ofMillis(200))) {
                await(() -> api.linkReports.size() >= 2, Duration.ofSeconds(40), agent);
                assertThat(agent.log()).contains("test telemetry on: link_trace");
            }
            assertThat(Duration.between(started, Instant.now())).as("two reports well inside one configured interval")
                    .isLessThan(Duration.ofSeconds(40));
            assertThat(api.linkReports).allSatisfy(r -> assertThat(r.nodeId()).isEqualTo(state.nodeId()));
        }
        assertThat(api.failures).isEmpty();
    }

    @Test
    void heartbeatsCarryTheRuntimeBlockOnlyWhileHeartbeatDetailApplies() throws Exception {
        try (RunningAgent agent = new RunningAgent(stateDir(), AgentConfig.defaults(), Duration.ofMillis(150))) {
            await(() -> api.heartbeats.size() >= 3, Duration.ofSeconds(20), agent);
            assertThat(api.heartbeats).as("no flag: no runtime block").allSatisfy(h -> assertThat(h.runtime()).isNull());

            api.desireTelemetry(List.of(new TelemetryFlag(TelemetryFlag.HEARTBEAT_DETAIL,
                    Instant.now().plusSeconds(3600))));
            await(() -> last().runtime() != null, Duration.ofSeconds(20), agent);
            var detail = last().runtime();
            assertThat(detail.heapUsedBytes()).isPositive();
            assertThat(detail.liveThreads()).isPositive();
            assertThat(detail.supervisedProcesses()).isZero(); // nothing desired, nothing runs
            assertThat(detail.openFileDescriptors()).as("a Unix JVM counts them").isPositive();

            api.desireTelemetry(List.of()); // disabled by the owner
            await(() -> last().runtime() == null, Duration.ofSeconds(20), agent);

            // expiry: the agent drops the flag at expiresAt by itself, with no new desired-state version
            long version = api.desireTelemetry(List.of(new TelemetryFlag(TelemetryFlag.HEARTBEAT_DETAIL,
                    Instant.now().plusSeconds(3))));
            await(() -> last().runtime() != null, Duration.ofSeconds(20), agent);
            await(() -> last().runtime() == null, Duration.ofSeconds(20), agent);
            assertThat(api.desiredVersion()).isEqualTo(version);
            assertThat(agent.log()).contains("test telemetry on: heartbeat_detail").contains("test telemetry off");
        }
        assertThat(api.failures).isEmpty();
    }

    private Heartbeat last() {
        synchronized (api.heartbeats) {
            return api.heartbeats.get(api.heartbeats.size() - 1);
        }
    }

    private static void await(BooleanSupplier condition, Duration limit, RunningAgent agent) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting; agent log:\n" + agent.log()).isBefore(deadline);
            assertThat(agent.failure()).isNull();
            Thread.sleep(50);
        }
    }

    private LinkReport report(Instant at) {
        return new LinkReport(state.clusterId(), state.nodeId(), at, List.of(new LinkReport.LinkHealth(UUID.randomUUID(),
                null, 12, 1, 180L, 900L, 0, at.minusSeconds(2), at.minusSeconds(40))));
    }
}
