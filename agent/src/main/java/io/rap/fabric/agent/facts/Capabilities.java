package io.rap.fabric.agent.facts;

import io.rap.fabric.agent.control.Log;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Capabilities reported to the control plane = what the operator enabled AND what the
 * host can do. A capability the host cannot do is dropped with a log line naming what is
 * missing; it is never reported. Capabilities without a host requirement (e.g.
 * {@code synthetic.echo}) are reported as enabled.
 *
 * <table>
 *   <tr><th>capability</th><th>host requirement</th></tr>
 *   <tr><td>{@code can_run_vpn_exit}</td><td>{@code /dev/net/tun} exists</td></tr>
 *   <tr><td>{@code can_run_vpn_connector}</td><td>{@code /dev/net/tun} exists</td></tr>
 * </table>
 */
public final class Capabilities {

    private record Requirement(String missing, Predicate<HostProbe> met) {
    }

    private static final Requirement TUN = new Requirement("/dev/net/tun is missing", HostProbe::hasTunDevice);
    private static final Map<String, Requirement> REQUIREMENTS = Map.of(
            "can_run_vpn_exit", TUN,
            "can_run_vpn_connector", TUN);

    private Capabilities() {
    }

    /** The enabled capabilities this host can do, in the given order; the others are logged and dropped. */
    public static List<String> effective(List<String> enabled, HostProbe probe, Log log) {
        List<String> result = new ArrayList<>();
        for (String capability : enabled) {
            Requirement requirement = REQUIREMENTS.get(capability);
            if (requirement != null && !requirement.met().test(probe)) {
                log.warn("capability " + capability + " is enabled but not reported: " + requirement.missing()
                        + " on this host");
                continue;
            }
            if (!result.contains(capability)) {
                result.add(capability);
            }
        }
        return List.copyOf(result);
    }
}
