package io.rap.fabric.agent.supervision;

import io.rap.fabric.agent.fabric.FabricLoop;
import io.rap.fabric.agent.state.HealthFile;
import io.rap.fabric.agent.state.LocalHealth;
import io.rap.fabric.agent.state.StateDir;
import io.rap.fabric.protocol.LinkReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The route cache a starting fabric node is seeded from: the one saved in the state directory's health file. */
class SavedRoutesTest {

    @TempDir
    Path stateDir;

    private final FabricLoop loop = new FabricLoop();

    @AfterEach
    void close() {
        loop.close();
    }

    private WorkloadFactory factory() {
        return new WorkloadFactory(List.of(), stateDir, 0, loop, () -> {
            throw new IllegalStateException("no identity needed");
        }, Duration.ofSeconds(1));
    }

    @Test
    void theRoutesSavedInHealthJsonAreTheSeed() {
        Instant at = Instant.parse("2026-03-01T12:00:00Z");
        List<LinkReport.LinkHealth> routes = List.of(
                new LinkReport.LinkHealth(UUID.randomUUID(), null, 4, 0, 300L, 700L, 0, at, null),
                new LinkReport.LinkHealth(UUID.randomUUID(), UUID.randomUUID(), 3, 3, null, null, 3, null, at));
        new HealthFile(new StateDir(stateDir)).save(new LocalHealth(at, LocalHealth.HEALTHY, List.of(), null, routes));

        assertThat(factory().savedRoutes()).isEqualTo(routes);
    }

    @Test
    void aMissingOrCorruptHealthFileSeedsNothingAndFailsNothing() throws Exception {
        assertThat(factory().savedRoutes()).as("no run saved one yet").isEmpty();

        Files.writeString(stateDir.resolve(HealthFile.FILE), "{\"formatVersion\": 1, \"routes\": [", StandardCharsets.UTF_8);
        assertThat(factory().savedRoutes()).isEmpty();

        Files.writeString(stateDir.resolve(HealthFile.FILE), "{\"formatVersion\": 99}", StandardCharsets.UTF_8);
        assertThat(factory().savedRoutes()).as("a format this agent does not know").isEmpty();
    }
}
