package io.rap.fabric.domain.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rap.fabric.domain.shared.ValidationException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AlertFilterTest {

    @Test
    void everyKindIsAcceptedAndBlankMeansAny() {
        for (String kind : FleetAlert.KINDS) {
            assertThat(AlertFilter.of(kind, null).kind()).isEqualTo(kind);
        }
        UUID cluster = UUID.randomUUID();
        assertThat(AlertFilter.of(" ", cluster)).isEqualTo(new AlertFilter(null, cluster));
    }

    @Test
    void anUnknownKindIsRefused() {
        assertThatThrownBy(() -> AlertFilter.of("node_on_fire", null)).isInstanceOf(ValidationException.class)
                .hasFieldOrPropertyWithValue("field", "kind");
    }

    @Test
    void risksAddUp() {
        assertThat(new FleetOverview.Risks(1, 2, 3, 4, 5).total()).isEqualTo(15);
    }

    @Test
    void loadIsWorkloadsPerActiveNode() {
        ClusterComparison c = new ClusterComparison(UUID.randomUUID(), "c", "c", "healthy", 1, null,
                java.util.Map.of("active", 4L, "disabled", 2L), java.util.Map.of(),
                java.util.Map.of("process", 3L, "synthetic.echo", 3L), java.util.Map.of(), 8, 0, java.util.List.of());
        assertThat(c.workloadsPerNode()).isEqualTo(1.5);
        ClusterComparison empty = new ClusterComparison(UUID.randomUUID(), "e", "e", "healthy", 1, null,
                java.util.Map.of(), java.util.Map.of(), java.util.Map.of(), java.util.Map.of(), 0, 0, java.util.List.of());
        assertThat(empty.workloadsPerNode()).isZero();
    }
}
