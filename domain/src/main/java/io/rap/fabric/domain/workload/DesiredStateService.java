package io.rap.fabric.domain.workload;

import io.rap.fabric.domain.node.ClusterMembership;
import io.rap.fabric.domain.node.NodeAuthenticator;
import io.rap.fabric.domain.node.SignedRequest;
import io.rap.fabric.domain.role.ActiveRoles;
import io.rap.fabric.domain.role.RoleAssignment;
import io.rap.fabric.domain.telemetry.EffectiveTelemetry;
import io.rap.fabric.protocol.DesiredState;
import io.rap.fabric.protocol.DesiredWorkload;
import io.rap.fabric.protocol.RoleGrant;
import io.rap.fabric.protocol.WorkloadState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * The node's side of desired state: what one membership is authorized to run, and what the node
 * says it runs. Authenticated by the node's proof (never by a person), through the same
 * {@link NodeAuthenticator} as heartbeats.
 */
@ApplicationScoped
@Transactional
public class DesiredStateService {

    @Inject
    NodeAuthenticator authenticator;

    @Inject
    ActiveRoles activeRoles;

    @Inject
    AuthorizedWorkloads authorizedWorkloads;

    @Inject
    WorkloadReports reports;

    @Inject
    EffectiveTelemetry telemetry;

    @Inject
    Clock clock;

    /**
     * The active role grants of the membership and its enabled workloads whose type an active
     * role authorizes. Workloads no active role authorizes are left out, so the agent stops them:
     * a desired workload is a wish, the role assignment is the permission. The test telemetry
     * flags in effect for the membership come along (see {@link EffectiveTelemetry#forAgent}).
     */
    public DesiredState desiredState(UUID nodeId, UUID clusterId, SignedRequest request) {
        ClusterMembership membership = authenticator.authenticate(nodeId, clusterId, request).membership();
        // The version is read before the content (it came with the membership): a change committing
        // in between makes the content newer than the version, never older, and the next heartbeat
        // answer then makes the agent fetch again; it can never keep content older than its version.
        long version = membership.desiredStateVersion();
        List<RoleAssignment> roles = activeRoles.of(clusterId, nodeId);
        List<DesiredWorkload> workloads = authorizedWorkloads.of(clusterId, nodeId, roles);
        return new DesiredState(nodeId, clusterId, version,
                roles.stream().map(a -> new RoleGrant(a.role(), a.organizationId())).toList(), workloads,
                telemetry.forAgent(clusterId, nodeId, clock.instant()));
    }

    /**
     * An immediate report of workload states (the agent need not wait for its next heartbeat).
     * Only desired workloads of the membership are updated; see {@link WorkloadReports}.
     *
     * @return how many reports matched a desired workload
     */
    public int reportWorkloads(UUID nodeId, UUID clusterId, SignedRequest request, List<WorkloadState> states) {
        authenticator.authenticate(nodeId, clusterId, request);
        return reports.record(nodeId, clusterId, states, clock.instant());
    }
}
