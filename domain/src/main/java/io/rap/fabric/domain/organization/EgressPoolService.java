package io.rap.fabric.domain.organization;

import io.rap.fabric.domain.access.AccessPolicy;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.audit.AuditEntry;
import io.rap.fabric.domain.audit.AuditLog;
import io.rap.fabric.domain.shared.ConflictException;
import io.rap.fabric.domain.shared.Inputs;
import io.rap.fabric.domain.shared.NotFoundException;
import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * Egress pools: the platform owner creates them for an organization and decides which nodes back
 * them; the organization sees each pool's name, region and {@link SafeStatus} only.
 */
@ApplicationScoped
@Transactional
public class EgressPoolService {

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    AccessPolicy access;

    @Inject
    AuditLog audit;

    @Inject
    TenantRepository tenants;

    @Inject
    ServiceHealth health;

    @Inject
    Clock clock;

    public Page<EgressPoolView> list(Caller caller, UUID organizationId, PageRequest page) {
        access.requireOrganizationAdmin(caller, organizationId);
        Map<UUID, long[]> counts = health.poolCounts(organizationId);
        return tenants.page(EgressPool.class, organizationId, "e.name", page,
                p -> new EgressPoolView(p.id(), p.name(), p.region(), health.poolStatus(counts, p.id())));
    }

    public EgressPoolView create(Caller caller, UUID organizationId, NewEgressPool input) {
        access.requirePlatformOwner(caller);
        tenants.organization(organizationId).orElseThrow(() -> new NotFoundException("Organization"));
        String name = Inputs.required("name", input.name(), 120);
        String region = Inputs.optional("region", input.region(), 64);
        if (em.createQuery("select count(p) from EgressPool p where p.organizationId = :org and p.name = :name",
                Long.class).setParameter("org", organizationId).setParameter("name", name).getSingleResult() > 0) {
            throw new ConflictException("name_taken", "The organization already has an egress pool named " + name);
        }
        EgressPool pool = new EgressPool(organizationId, name, region, clock.instant());
        em.persist(pool);
        audit.record(AuditEntry.byPerson(caller, "org.egress_pool_created").organization(organizationId)
                .target("egress_pool", pool.id()).detail("name", name).detail("region", region).build());
        return new EgressPoolView(pool.id(), name, region, SafeStatus.UNAVAILABLE);
    }

    /**
     * High-risk placement (step-up): lets a node carry the pool's traffic. The node must be an
     * active member of the cluster that serves the organization. Audited outside the
     * organization's namespace ({@code fabric.*}) because the event names the node.
     */
    public void addNode(Caller caller, UUID organizationId, UUID poolId, UUID nodeId) {
        access.requirePlatformOwnerWithStepUp(caller);
        Organization org = tenants.organization(organizationId).orElseThrow(() -> new NotFoundException("Organization"));
        EgressPool pool = tenants.require(EgressPool.class, organizationId, poolId, "Egress pool");
        if (nodeId == null || em.createQuery("select count(m) from ClusterMembership m where m.clusterId = :c"
                        + " and m.nodeId = :n and m.status = 'active'", Long.class)
                .setParameter("c", org.clusterId()).setParameter("n", nodeId).getSingleResult() == 0) {
            throw new NotFoundException("Node in the organization's cluster");
        }
        if (em.createQuery("select count(b) from EgressPoolNode b where b.egressPoolId = :p and b.nodeId = :n",
                Long.class).setParameter("p", poolId).setParameter("n", nodeId).getSingleResult() > 0) {
            throw new ConflictException("node_in_pool", "The node already backs this pool");
        }
        EgressPoolNode backing = new EgressPoolNode(pool.id(), org.clusterId(), nodeId, caller.username(),
                clock.instant());
        em.persist(backing);
        audit.record(AuditEntry.byPerson(caller, "fabric.egress_pool_node_added").organization(organizationId)
                .cluster(org.clusterId()).node(nodeId).target("egress_pool", pool.id()).detail("pool", pool.name())
                .build());
    }
}
