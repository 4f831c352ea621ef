package io.rap.fabric.domain.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rap.fabric.domain.shared.ValidationException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TelemetryCatalogTest {

    private static final UUID ID = UUID.fromString("00000000-0000-4000-8000-000000000001");

    @Test
    void theCatalogKnowsItsWireNamesAndNothingElse() {
        assertThat(TelemetryFlagName.parse(" link_trace ")).isEqualTo(TelemetryFlagName.LINK_TRACE);
        assertThat(TelemetryFlagName.parse("heartbeat_detail")).isEqualTo(TelemetryFlagName.HEARTBEAT_DETAIL);
        assertThatThrownBy(() -> TelemetryFlagName.parse("LINK_TRACE")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("known flags: link_trace, heartbeat_detail");
        assertThatThrownBy(() -> TelemetryFlagName.parse(null)).isInstanceOf(ValidationException.class);
    }

    @Test
    void aTargetNeedsTheIdsOfItsScope() {
        TelemetryTarget.node(ID, ID).requireComplete();
        TelemetryTarget.cluster(ID).requireComplete();
        TelemetryTarget.organization(ID).requireComplete();
        assertThatThrownBy(() -> TelemetryTarget.node(ID, null).requireComplete())
                .isInstanceOf(ValidationException.class).extracting(e -> ((ValidationException) e).field())
                .isEqualTo("target");
        assertThatThrownBy(() -> TelemetryTarget.cluster(null).requireComplete()).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> TelemetryTarget.organization(null).requireComplete())
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> new TelemetryTarget("region", ID, null, null).requireComplete())
                .isInstanceOf(ValidationException.class).extracting(e -> ((ValidationException) e).field())
                .isEqualTo("scope");
    }

    @Test
    void statusIsDerivedFromDisableAndExpiry() {
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        TelemetryFlagSetting flag = new TelemetryFlagSetting("cluster", ID, null, null, "link_trace", "why", "owner",
                now, now.plusSeconds(3600));
        assertThat(flag.status(now)).isEqualTo("active");
        assertThat(flag.status(now.plusSeconds(3600))).isEqualTo("expired");
        flag.disable("owner", now.plusSeconds(60));
        assertThat(flag.status(now.plusSeconds(120))).isEqualTo("disabled");
        assertThat(flag.status(now.plusSeconds(7200))).as("disabled stays disabled").isEqualTo("disabled");
    }
}
