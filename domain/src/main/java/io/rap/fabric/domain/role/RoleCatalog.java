package io.rap.fabric.domain.role;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The roles the product knows. One list, used by join tokens and requests (a requested role
 * must exist), the review view (capabilities the requested roles need), role assignment (the
 * node must report the role's capability) and desired state (which workload types a role
 * authorizes). Workload types the agent cannot run here (remote access, VPN) are still
 * authorized and will be reported {@code degraded}, never pretended.
 */
public final class RoleCatalog {

    public static final String SYNTHETIC_ECHO = "synthetic.echo";
    public static final String PROCESS = "process";

    private static final Map<String, RoleDefinition> ROLES = new LinkedHashMap<>();

    static {
        add(new RoleDefinition("core-mesh", "can_route_mesh", List.of(SYNTHETIC_ECHO), false));
        add(new RoleDefinition("relay", "can_relay", List.of(SYNTHETIC_ECHO), false));
        add(new RoleDefinition("entry-node", "can_accept_entry", List.of("entry"), false));
        add(new RoleDefinition("egress", "can_run_egress", List.of(), true));
        add(new RoleDefinition("remote-access", "can_run_remote_access", List.of("remote-access"), true));
        add(new RoleDefinition("vpn-exit", "can_run_vpn_exit", List.of("vpn-exit"), true));
        add(new RoleDefinition("vpn-connector", "can_run_vpn_connector", List.of("vpn-connector"), true));
        add(new RoleDefinition("admin-ingress", "can_serve_https", List.of("admin-ingress"), false));
        add(new RoleDefinition("config-storage", "can_store_config", List.of("config-storage"), false));
        add(new RoleDefinition("service-host", "can_run_processes", List.of(PROCESS), true));
    }

    private RoleCatalog() {
    }

    private static void add(RoleDefinition role) {
        ROLES.put(role.name(), role);
    }

    public static Optional<RoleDefinition> find(String role) {
        return Optional.ofNullable(role == null ? null : ROLES.get(role));
    }

    public static boolean exists(String role) {
        return ROLES.containsKey(role);
    }

    /** In a stable order, for pick lists. */
    public static Collection<RoleDefinition> all() {
        return List.copyOf(ROLES.values());
    }

    /** The capabilities {@code roles} need that {@code reported} lacks, in the order of {@code roles}. */
    public static List<String> missingCapabilities(Collection<String> roles, Collection<String> reported) {
        return roles.stream().map(ROLES::get).filter(r -> r != null && !reported.contains(r.requiredCapability()))
                .map(RoleDefinition::requiredCapability).distinct().toList();
    }
}
