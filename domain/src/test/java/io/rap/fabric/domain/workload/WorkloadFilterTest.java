package io.rap.fabric.domain.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rap.fabric.domain.shared.ValidationException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WorkloadFilterTest {

    private static final UUID CLUSTER = UUID.randomUUID();

    @Test
    void needsAClusterAndDefaultsToEveryWorkloadByNode() {
        assertThatThrownBy(() -> WorkloadFilter.of(null)).isInstanceOf(ValidationException.class);
        WorkloadFilter filter = new WorkloadFilter(CLUSTER, " ", "", null, null, true);
        assertThat(filter.reportedState()).isNull();
        assertThat(filter.type()).isNull();
        assertThat(filter.sortBy()).isEqualTo("node");
    }

    @Test
    void acceptsKnownStatesAndUnreportedAndRefusesTheRest() {
        assertThat(WorkloadFilter.of(CLUSTER).withReportedState("failed").reportedState()).isEqualTo("failed");
        assertThat(WorkloadFilter.of(CLUSTER).withReportedState(WorkloadFilter.UNREPORTED).reportedState())
                .isEqualTo("unreported");
        assertThatThrownBy(() -> WorkloadFilter.of(CLUSTER).withReportedState("crashing"))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> new WorkloadFilter(CLUSTER, null, null, "maybe", null, true))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> new WorkloadFilter(CLUSTER, null, null, null, "s.settings", true))
                .isInstanceOf(ValidationException.class);
    }
}
