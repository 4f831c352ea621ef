package io.rap.fabric.domain.workload;

import io.rap.fabric.domain.infrastructure.jpa.JsonText;
import io.rap.fabric.domain.node.ClusterMembership;
import io.rap.fabric.domain.node.NodeAuthenticator;
import io.rap.fabric.domain.node.SignedRequest;
import io.rap.fabric.domain.role.ActiveRoles;
import io.rap.fabric.domain.role.RoleAssignment;
import io.rap.fabric.protocol.DesiredState;
import io.rap.fabric.protocol.DesiredWorkload;
import io.rap.fabric.protocol.RoleGrant;
import io.rap.fabric.protocol.WorkloadState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The node's side of desired state: what one membership is authorized to run, and what the node
 * says it runs. Authenticated by the node's proof (never by a person), through the same
 * {@link NodeAuthenticator} as heartbeats.
 */
@ApplicationScoped
@Transactional
public class DesiredStateService {

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    NodeAuthenticator authenticator;

    @Inject
    ActiveRoles activeRoles;

    @Inject
    WorkloadReports reports;

    @Inject
    Clock clock;

    /**
     * The active role grants of the membership and its enabled workloads whose type an active
     * role authorizes. Workloads no active role authorizes are left out, so the agent stops them:
     * a desired workload is a wish, the role assignment is the permission.
     */
    public DesiredState desiredState(UUID nodeId, UUID clusterId, SignedRequest request) {
        ClusterMembership membership = authenticator.authenticate(nodeId, clusterId, request).membership();
        // The version is read before the content (it came with the membership): a change committing
        // in between makes the content newer than the version, never older, and the next heartbeat
        // answer then makes the agent fetch again; it can never keep content older than its version.
        long version = membership.desiredStateVersion();
        List<RoleAssignment> roles = activeRoles.of(clusterId, nodeId);
        Map<String, String> authorized = ActiveRoles.authorizedTypes(roles);
        List<DesiredWorkload> workloads = em.createQuery("select s from ServiceInstance s where s.clusterId = :c"
                        + " and s.nodeId = :n and s.desired = :enabled order by s.name", ServiceInstance.class)
                .setParameter("c", clusterId).setParameter("n", nodeId).setParameter("enabled", ServiceInstance.ENABLED)
                .getResultStream().filter(s -> authorized.containsKey(s.workloadType()))
                .map(s -> new DesiredWorkload(s.name(), s.workloadType(), authorized.get(s.workloadType()),
                        JsonText.toMap(s.settingsJson())))
                .toList();
        return new DesiredState(nodeId, clusterId, version,
                roles.stream().map(a -> new RoleGrant(a.role(), a.organizationId())).toList(), workloads);
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
