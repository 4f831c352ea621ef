package io.rap.fabric.agent.facts;

import io.rap.fabric.agent.control.Log;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CapabilitiesTest {

    private final StringWriter logged = new StringWriter();
    private final Log log = new Log(new PrintWriter(logged, true), Clock.systemUTC());

    @Test
    void vpnCapabilitiesNeedATunDevice() {
        List<String> enabled = List.of("synthetic.echo", "can_run_vpn_exit", "can_run_vpn_connector");

        assertThat(Capabilities.effective(enabled, () -> true, log)).isEqualTo(enabled);
        assertThat(logged.toString()).isEmpty();

        assertThat(Capabilities.effective(enabled, () -> false, log)).containsExactly("synthetic.echo");
        assertThat(logged.toString())
                .contains("WARN capability can_run_vpn_exit is enabled but not reported: /dev/net/tun is missing")
                .contains("WARN capability can_run_vpn_connector is enabled but not reported: /dev/net/tun is missing");
    }

    @Test
    void nothingEnabledNothingReported() {
        assertThat(Capabilities.effective(List.of(), () -> true, log)).isEmpty();
    }

    @Test
    void capabilitiesWithoutHostRequirementAreReportedOnceInOrder() {
        assertThat(Capabilities.effective(List.of("b.custom", "synthetic.echo", "b.custom"), () -> false, log))
                .containsExactly("b.custom", "synthetic.echo");
    }
}
