package io.rap.fabric.domain.organization;

import java.util.List;

/** The figures on the organization portal's first page. */
public record OrganizationDashboard(OrganizationView organization, long users, long resources, long policies,
                                    long openSessions, long entryPoints, long egressPools,
                                    long egressPoolsAvailable, List<ConnectorStatusView> connectors) {

    public OrganizationDashboard {
        connectors = List.copyOf(connectors);
    }
}
