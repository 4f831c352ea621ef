package io.rap.fabric.agent.control;

import io.rap.fabric.protocol.Json;
import io.rap.fabric.protocol.LinkReport;
import io.rap.fabric.protocol.Limits;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class LinkReporterTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void aReportThatFitsTheBodyLimitIsSentWhole() {
        LinkReport report = report(10);

        assertThat(LinkReporter.fit(report, Limits.MAX_BODY_BYTES)).isSameAs(report);
    }

    @Test
    void aReportBeyondTheBodyLimitKeepsTheMostRecentlyUsedPaths() {
        LinkReport report = report(600);
        assertThat(Json.toBytes(report.toJson()).length).isGreaterThan(Limits.MAX_BODY_BYTES);

        LinkReport cut = LinkReporter.fit(report, Limits.MAX_BODY_BYTES);

        assertThat(Json.toBytes(cut.toJson()).length).isLessThanOrEqualTo(Limits.MAX_BODY_BYTES);
        assertThat(cut.links()).hasSizeBetween(150, 599);
        Instant oldestKept = cut.links().stream().map(l -> l.lastSuccessAt() != null ? l.lastSuccessAt()
                : l.lastFailureAt()).min(Instant::compareTo).orElseThrow();
        assertThat(report.links()).filteredOn(l -> !cut.links().contains(l))
                .allSatisfy(dropped -> assertThat(dropped.lastSuccessAt() != null ? dropped.lastSuccessAt()
                        : dropped.lastFailureAt()).isBefore(oldestKept));
        assertThat(cut.nodeId()).isEqualTo(report.nodeId());
        assertThat(cut.measuredAt()).isEqualTo(NOW);
    }

    /** {@code count} paths, the i-th last used i seconds ago; every third one failing. */
    private static LinkReport report(int count) {
        List<LinkReport.LinkHealth> links = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant used = NOW.minusSeconds(i);
            links.add(i % 3 == 0
                    ? new LinkReport.LinkHealth(UUID.randomUUID(), UUID.randomUUID(), 4, 4, null, null, 4, null, used)
                    : new LinkReport.LinkHealth(UUID.randomUUID(), null, 32, 1, 150L, 900L, 0, used,
                    used.minusSeconds(600)));
        }
        return new LinkReport(UUID.randomUUID(), UUID.randomUUID(), NOW, links);
    }
}
