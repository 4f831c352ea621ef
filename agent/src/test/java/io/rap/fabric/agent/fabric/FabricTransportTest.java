package io.rap.fabric.agent.fabric;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FabricTransportTest {

    @Test
    void theDefaultGsoSendIsOneDatagramsWorth() {
        FabricTransport transport = FabricTransport.DEFAULT;

        assertThat(transport.gsoSegments() * transport.udpPayload()).isLessThanOrEqualTo(FabricTransport.MAX_GSO_BYTES);
        assertThat((transport.gsoSegments() + 1) * transport.udpPayload()).isGreaterThan(FabricTransport.MAX_GSO_BYTES);
    }

    @Test
    void aGsoSendLargerThanOneDatagramIsRefused() {
        assertThatThrownBy(() -> FabricTransport.DEFAULT.withGsoSegments(49))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GSO of 49 datagrams of 1350 bytes");
    }

    @Test
    void withoutGsoThePayloadAloneCounts() {
        assertThat(FabricTransport.DEFAULT.withGsoSegments(0).gsoSegments()).isZero();
        assertThat(FabricTransport.DEFAULT.withGsoSegments(1).gsoSegments()).isEqualTo(1);
    }
}
