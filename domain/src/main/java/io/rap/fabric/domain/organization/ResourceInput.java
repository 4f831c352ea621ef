package io.rap.fabric.domain.organization;

import io.rap.fabric.domain.shared.Inputs;
import io.rap.fabric.domain.shared.ValidationException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Input of {@link OrganizationResourceService#create} and {@code update}. A missing port becomes
 * the protocol's usual one (RDP 3389, VNC 5900, SSH 22).
 */
public record ResourceInput(String name, String targetHost, Integer port, String protocol, UUID egressPoolId,
                            String description) {

    public static final List<String> PROTOCOLS = List.of("rdp", "vnc", "ssh");
    private static final Map<String, Integer> DEFAULT_PORTS = Map.of("rdp", 3389, "vnc", 5900, "ssh", 22);

    record Checked(String name, String targetHost, int port, String protocol, UUID egressPoolId, String description) {
    }

    Checked check() {
        String checkedName = Inputs.required("name", name, 120);
        String host = Inputs.required("target host", targetHost, 253);
        if (!Validation.HOST.matcher(host).matches()) {
            throw new ValidationException("targetHost", "Use a host name or an IP address");
        }
        String proto = protocol == null ? null : protocol.strip().toLowerCase(Locale.ROOT);
        if (!PROTOCOLS.contains(proto)) {
            throw new ValidationException("protocol", "Choose rdp, vnc or ssh");
        }
        int checkedPort = port == null ? DEFAULT_PORTS.get(proto) : port;
        if (checkedPort < 1 || checkedPort > 65535) {
            throw new ValidationException("port", "The port must be between 1 and 65535");
        }
        if (egressPoolId == null) {
            throw new ValidationException("egressPoolId", "Choose the egress pool that reaches this resource");
        }
        return new Checked(checkedName, host, checkedPort, proto, egressPoolId,
                Inputs.optional("description", description, 500));
    }
}
