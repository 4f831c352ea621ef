package io.rap.fabric.agent.supervision;

import io.rap.fabric.agent.fabric.FabricNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The echo workload's settings are checked before anything starts: a bad one refuses the workload with the reason. */
class EchoWorkloadSettingsTest {

    private static EchoWorkload prepare(Map<String, String> settings) {
        return EchoWorkload.prepare(settings, 7443, null, null, FabricNode.Options.defaults(), Duration.ofSeconds(1),
                null, java.util.List::of);
    }

    @Test
    void aBadPortOrRelayPortRangeRefusesTheWorkload() {
        assertThatThrownBy(() -> prepare(Map.of("port", "70000"))).isInstanceOf(RefusedWorkloadException.class)
                .hasMessageContaining("'port' is not a port number");
        assertThatThrownBy(() -> prepare(Map.of("relay-ports", "40999-40000")))
                .isInstanceOf(RefusedWorkloadException.class)
                .hasMessageContaining("setting 'relay-ports'").hasMessageContaining("first <= last");
    }

    @Test
    void aGoodRangeIsAccepted() {
        assertThatCode(() -> prepare(Map.of("port", "7444", "relay-ports", "40000-40999"))).doesNotThrowAnyException();
    }
}
