package io.rap.fabric.agent.cli;

import io.rap.fabric.agent.config.AgentConfig;
import io.rap.fabric.agent.control.HealthRules;
import io.rap.fabric.agent.state.HealthFile;
import io.rap.fabric.agent.state.LocalHealth;
import io.rap.fabric.agent.state.StateDir;
import io.rap.fabric.protocol.LinkReport;
import io.rap.fabric.protocol.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local health of a running agent against {@link FakeNodeApi}, read the way a person reads it:
 * through {@code status}. Heartbeats every 100 ms, so the grace period is 300 ms.
 */
@Timeout(120)
class LocalHealthTest {

    private static final Duration INTERVAL = Duration.ofMillis(100);

    @TempDir
    Path tmp;

    private FakeNodeApi api;
    private Path stateDir;
    private RunningAgent agent;

    @BeforeEach
    void enroll() throws Exception {
        api = new FakeNodeApi();
        stateDir = tmp.resolve("state");
        EnrolledAgent.enroll(api, stateDir, "edge-1");
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        api.close();
    }

    @Test
    void losingTheControlPlaneDegradesTheStatusAndItsReturnMakesItHealthyAgain() throws Exception {
        JsonObject before = statusJson();
        assertThat(before.isNull("health")).as("no run yet").isTrue();
        assertThat(before.isNull("healthError")).isTrue();
        assertThat(CliRun.of("status", "--state-dir", stateDir.toString()).out())
                .contains("Health:              not recorded yet (no run so far)");

        agent = start();
        JsonObject healthy = awaitHealth("healthy with the control plane reachable",
                h -> state(h).equals("healthy") && controlPlane(h).equals("reachable"));
        assertThat(healthy.getJsonArray("reasons")).isEmpty();
        assertThat(healthy.getJsonObject("controlPlane").getString("lastAcceptedAt")).isNotEmpty();

        api.stop();

        JsonObject degraded = awaitHealth("degraded, control plane unreachable",
                h -> state(h).equals("degraded") && controlPlane(h).equals("unreachable"));
        JsonObject cp = degraded.getJsonObject("controlPlane");
        assertThat(cp.getInt("consecutiveFailures")).isPositive();
        assertThat(cp.getString("lastError")).contains("cannot reach the control plane");
        assertThat(Instant.parse(cp.getString("lastAcceptedAt"))).isBefore(Instant.parse(cp.getString("since")));
        assertThat(degraded.getJsonArray("reasons").getJsonObject(0).getString("code"))
                .isEqualTo(HealthRules.CONTROL_PLANE_UNREACHABLE);
        assertThat(degraded.getJsonArray("routes")).as("no fabric ran: nothing measured").isEmpty();
        String text = CliRun.of("status", "--state-dir", stateDir.toString()).out();
        assertThat(text).contains("Health:              degraded (recorded ")
                .contains("  control-plane-unreachable      no answer: ")
                .contains("Control plane:       unreachable since " + cp.getString("since"))
                .contains("Routes:              none measured");

        api.restart();

        awaitHealth("healthy again", h -> state(h).equals("healthy") && controlPlane(h).equals("reachable"));
        assertThat(agent.log()).contains("local health degraded: control-plane-unreachable")
                .contains("local health healthy");
        assertThat(agent.failure()).isNull();
    }

    @Test
    void aCorruptHealthFileIsReportedByStatusAndRebuiltByRunAfterAWarning() throws Exception {
        Path file = stateDir.resolve(HealthFile.FILE);
        Files.writeString(file, "{\"formatVersion\":1,\"state\":\"hea");

        CliRun json = CliRun.of("status", "--json", "--state-dir", stateDir.toString());
        assertThat(json.exitCode()).as("the rest of the status is intact").isEqualTo(ExitCodes.OK);
        JsonObject status = Json.parse(json.out().getBytes(StandardCharsets.UTF_8));
        assertThat(status.isNull("health")).isTrue();
        assertThat(status.getString("healthError")).startsWith(file + ": the local health file is corrupt (");
        assertThat(json.err()).contains(file + ": the local health file is corrupt (");
        assertThat(CliRun.of("status", "--state-dir", stateDir.toString()).out())
                .contains("Health:              unknown: " + file + ": the local health file is corrupt (");
        assertThat(Files.readString(file)).as("status never writes").isEqualTo("{\"formatVersion\":1,\"state\":\"hea");

        agent = start();

        awaitHealth("rebuilt", h -> state(h).equals("healthy"));
        assertThat(agent.log()).contains("WARN").contains(file + ": the local health file is corrupt (")
                .contains("rebuilding " + file);
    }

    @Test
    void theRouteCacheIsShownPerPath() {
        UUID peer = UUID.randomUUID();
        UUID relay = UUID.randomUUID();
        Instant at = Instant.parse("2026-03-01T12:00:00Z");
        new HealthFile(new StateDir(stateDir)).save(new LocalHealth(at, LocalHealth.HEALTHY, List.of(), null, List.of(
                new LinkReport.LinkHealth(peer, null, 32, 8, 400L, 900L, 0, at, at.minusSeconds(30)),
                new LinkReport.LinkHealth(peer, relay, 4, 4, null, null, 4, null, at))));

        String text = CliRun.of("status", "--state-dir", stateDir.toString()).out();

        assertThat(text).contains("Routes:              2 known")
                .containsPattern(peer + " +direct +rtt 0.4 ms +loss +25%  last success " + at + ", 0 failure\\(s\\) since")
                .containsPattern(peer + " +relay " + relay + " +rtt - +loss 100%  last success never, 4 failure");
        JsonObject route = statusJson().getJsonObject("health").getJsonArray("routes").getJsonObject(1);
        assertThat(route.getString("via")).isEqualTo(relay.toString());
        assertThat(route.getInt("consecutiveFailures")).isEqualTo(4);
    }

    private RunningAgent start() {
        AgentConfig config = AgentConfig.defaults().withStateDir(stateDir).withFabricPort(0);
        return new RunningAgent(stateDir, config, INTERVAL);
    }

    private static String state(JsonObject health) {
        return health.getString("state");
    }

    private static String controlPlane(JsonObject health) {
        return health.containsKey("controlPlane") ? health.getJsonObject("controlPlane").getString("state") : "";
    }

    private JsonObject awaitHealth(String what, Predicate<JsonObject> condition) throws InterruptedException {
        return AgentTestSupport.awaitHealth(stateDir, what, condition,
                () -> "agent log:\n" + (agent == null ? "" : agent.log()));
    }

    private JsonObject statusJson() {
        return AgentTestSupport.statusJson(stateDir);
    }
}
