package io.rap.fabric.domain.organization;

/**
 * A VPN service of the organization (role {@code vpn-exit} or {@code vpn-connector}) as counts and
 * a {@link SafeStatus}: how many nodes carry it for this organization and how many are healthy.
 */
public record ConnectorStatusView(String role, long assigned, long healthy, String status) {
}
