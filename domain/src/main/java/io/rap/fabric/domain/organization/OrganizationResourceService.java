package io.rap.fabric.domain.organization;

import io.rap.fabric.domain.access.AccessPolicy;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.audit.AuditEntry;
import io.rap.fabric.domain.audit.AuditLog;
import io.rap.fabric.domain.shared.ConflictException;
import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Targets (RDP, VNC, SSH) an organization makes reachable through its egress pools. */
@ApplicationScoped
@Transactional
public class OrganizationResourceService {

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    AccessPolicy access;

    @Inject
    AuditLog audit;

    @Inject
    TenantRepository tenants;

    @Inject
    Clock clock;

    public Page<ResourceView> list(Caller caller, UUID organizationId, PageRequest page) {
        access.requireOrganizationAdmin(caller, organizationId);
        List<ResourceView> items = em.createQuery("select r, p.name from OrganizationResource r"
                        + " join EgressPool p on p.id = r.egressPoolId and p.organizationId = r.organizationId"
                        + " where r.organizationId = :org order by r.name, r.id", Object[].class)
                .setParameter("org", organizationId).setFirstResult(page.offset()).setMaxResults(page.limit())
                .getResultStream().map(row -> view((OrganizationResource) row[0], (String) row[1])).toList();
        return new Page<>(items, tenants.count(OrganizationResource.class, organizationId), page.offset(),
                page.limit());
    }

    public ResourceView get(Caller caller, UUID organizationId, UUID resourceId) {
        access.requireOrganizationAdmin(caller, organizationId);
        OrganizationResource resource = tenants.require(OrganizationResource.class, organizationId, resourceId,
                "Resource");
        return view(resource, pool(organizationId, resource.egressPoolId()).name());
    }

    public ResourceView create(Caller caller, UUID organizationId, ResourceInput input) {
        access.requireOrganizationAdmin(caller, organizationId);
        ResourceInput.Checked checked = input.check();
        EgressPool pool = pool(organizationId, checked.egressPoolId());
        requireUniqueName(organizationId, checked.name(), null);
        OrganizationResource resource = new OrganizationResource(organizationId, checked, clock.instant());
        em.persist(resource);
        audit.record(AuditEntry.byPerson(caller, "org.resource_created").organization(organizationId)
                .target("organization_resource", resource.id()).detail("name", checked.name())
                .detail("protocol", checked.protocol()).detail("targetHost", checked.targetHost())
                .detail("port", checked.port()).detail("egressPool", pool.name()).build());
        return view(resource, pool.name());
    }

    public ResourceView update(Caller caller, UUID organizationId, UUID resourceId, long expectedVersion,
                               ResourceInput input) {
        access.requireOrganizationAdmin(caller, organizationId);
        OrganizationResource resource = tenants.require(OrganizationResource.class, organizationId, resourceId,
                "Resource");
        Versions.require(resource.version(), expectedVersion);
        ResourceInput.Checked checked = input.check();
        EgressPool pool = pool(organizationId, checked.egressPoolId());
        requireUniqueName(organizationId, checked.name(), resourceId);
        resource.apply(checked, clock.instant());
        audit.record(AuditEntry.byPerson(caller, "org.resource_updated").organization(organizationId)
                .target("organization_resource", resourceId).detail("name", checked.name())
                .detail("protocol", checked.protocol()).detail("targetHost", checked.targetHost())
                .detail("port", checked.port()).detail("egressPool", pool.name()).build());
        em.flush();
        return view(resource, pool.name());
    }

    /** Removes it from every policy too; refused while sessions refer to it (they are history). */
    public void delete(Caller caller, UUID organizationId, UUID resourceId) {
        access.requireOrganizationAdmin(caller, organizationId);
        OrganizationResource resource = tenants.require(OrganizationResource.class, organizationId, resourceId,
                "Resource");
        if (em.createQuery("select count(s) from AccessSession s where s.organizationId = :org"
                        + " and s.resourceId = :r", Long.class)
                .setParameter("org", organizationId).setParameter("r", resourceId).getSingleResult() > 0) {
            throw new ConflictException("resource_has_sessions",
                    "The resource has sessions that are kept as history; remove it from its policies instead");
        }
        em.createNativeQuery("delete from organization_policy_resources where organization_id = :org"
                + " and resource_id = :r").setParameter("org", organizationId).setParameter("r", resourceId)
                .executeUpdate();
        em.remove(resource);
        audit.record(AuditEntry.byPerson(caller, "org.resource_deleted").organization(organizationId)
                .target("organization_resource", resourceId).detail("name", resource.name()).build());
    }

    private EgressPool pool(UUID organizationId, UUID poolId) {
        return tenants.require(EgressPool.class, organizationId, poolId, "Egress pool");
    }

    private void requireUniqueName(UUID organizationId, String name, UUID except) {
        boolean taken = em.createQuery("select r.id from OrganizationResource r where r.organizationId = :org"
                        + " and r.name = :name", UUID.class)
                .setParameter("org", organizationId).setParameter("name", name).getResultStream()
                .anyMatch(id -> !id.equals(except));
        if (taken) {
            throw new ConflictException("name_taken", "The organization already has a resource named " + name);
        }
    }

    private static ResourceView view(OrganizationResource r, String poolName) {
        return new ResourceView(r.id(), r.name(), r.targetHost(), r.port(), r.protocol(), r.egressPoolId(), poolName,
                r.description(), r.version());
    }
}
