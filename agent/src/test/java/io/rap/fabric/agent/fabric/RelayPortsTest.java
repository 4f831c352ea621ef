package io.rap.fabric.agent.fabric;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RelayPortsTest {

    @Test
    void aRangeOrOnePortIsParsedAndSizesTheRelaysCapacity() {
        assertThat(RelayPorts.parse(" 40000-40999 ")).satisfies(p -> {
            assertThat(p.first()).isEqualTo(40000);
            assertThat(p.last()).isEqualTo(40999);
            assertThat(p.capacity()).isEqualTo(1000);
            assertThat(p.isEphemeral()).isFalse();
        });
        assertThat(RelayPorts.parse("41000").capacity()).isEqualTo(1);
        assertThat(RelayPorts.EPHEMERAL.capacity()).isEqualTo(RelayPorts.EPHEMERAL_CAPACITY);
        assertThat(RelayPorts.EPHEMERAL).hasToString("ephemeral");
    }

    @Test
    void anythingElseIsRefusedWithTheReason() {
        assertThatThrownBy(() -> RelayPorts.parse("40999-40000")).hasMessageContaining("first <= last");
        assertThatThrownBy(() -> RelayPorts.parse("80-90")).hasMessageContaining("1024 <= first");
        assertThatThrownBy(() -> RelayPorts.parse("40000-70000")).hasMessageContaining("<= 65535");
        assertThatThrownBy(() -> RelayPorts.parse("0")).hasMessageContaining("leave the setting out");
        assertThatThrownBy(() -> RelayPorts.parse("many")).hasMessageContaining("e.g. 40000-40999");
        assertThatThrownBy(() -> RelayPorts.parse("1-2-3")).hasMessageContaining("e.g. 40000-40999");
    }
}
