package io.rap.fabric.protocol;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LinkReportTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void roundTripsThroughJson() {
        UUID peer = UUID.randomUUID();
        LinkReport report = new LinkReport(UUID.randomUUID(), UUID.randomUUID(), NOW, List.of(
                new LinkReport.LinkHealth(peer, null, 20, 1, 180L, 950L, 0, NOW.minusSeconds(1), NOW.minusSeconds(60)),
                new LinkReport.LinkHealth(peer, UUID.randomUUID(), 3, 3, null, null, 3, null, NOW)));

        LinkReport back = LinkReport.fromJson(Json.parse(Json.toBytes(report.toJson())));

        assertThat(back).isEqualTo(report);
        assertThat(report.toJson().getJsonArray("links").getJsonObject(0).containsKey("via")).isFalse();
    }

    @Test
    void moreFailuresThanAttemptsIsRefusedWithTheFieldNamed() {
        String json = "{\"clusterId\":\"" + UUID.randomUUID() + "\",\"nodeId\":\"" + UUID.randomUUID()
                + "\",\"measuredAt\":\"" + NOW + "\",\"links\":[{\"peer\":\"" + UUID.randomUUID()
                + "\",\"attempts\":1,\"failures\":2,\"consecutiveFailures\":0}]}";

        assertThatThrownBy(() -> LinkReport.fromJson(Json.parse(json.getBytes())))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.field()).isEqualTo("links[0].failures"));
    }

    @Test
    void theSamePathTwiceIsRefused() {
        UUID peer = UUID.randomUUID();
        UUID relay = UUID.randomUUID();
        var direct = new LinkReport.LinkHealth(peer, null, 1, 0, 100L, 100L, 0, NOW, null);
        var relayed = new LinkReport.LinkHealth(peer, relay, 1, 0, 200L, 200L, 0, NOW, null);

        assertThat(new LinkReport(UUID.randomUUID(), UUID.randomUUID(), NOW, List.of(direct, relayed)).links()).hasSize(2);
        assertThatThrownBy(() -> new LinkReport(UUID.randomUUID(), UUID.randomUUID(), NOW, List.of(relayed, direct, relayed)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.field()).isEqualTo("links");
                    assertThat(e.getMessage()).contains("twice").contains(relay.toString());
                });
    }
}
