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
import io.rap.fabric.domain.shared.ValidationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Organizations: the owner creates and lists them; their admins read their own. */
@ApplicationScoped
@Transactional
public class OrganizationService {

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

    public OrganizationView create(Caller caller, NewOrganization input) {
        access.requirePlatformOwner(caller);
        String name = Inputs.required("name", input.name(), 120);
        String slug = Inputs.required("slug", input.slug(), 63).toLowerCase(Locale.ROOT);
        if (!Validation.SLUG.matcher(slug).matches()) {
            throw new ValidationException("slug", "Use lower-case letters, digits and inner hyphens (at most 63)");
        }
        if (input.clusterId() == null) {
            throw new ValidationException("clusterId", "Choose the cluster that serves the organization");
        }
        if (em.createQuery("select count(c) from Cluster c where c.id = :id", Long.class)
                .setParameter("id", input.clusterId()).getSingleResult() == 0) {
            throw new NotFoundException("Cluster");
        }
        if (!em.createQuery("select o.id from Organization o where o.slug = :slug").setParameter("slug", slug)
                .getResultList().isEmpty()) {
            throw new ConflictException("slug_taken", "An organization with the slug '" + slug + "' already exists");
        }
        Organization org = new Organization(name, slug, input.clusterId(),
                Inputs.optional("description", input.description(), 500), clock.instant());
        em.persist(org);
        audit.record(AuditEntry.byPerson(caller, "org.created").organization(org.id()).cluster(org.clusterId())
                .target("organization", org.id()).detail("name", name).detail("slug", slug).build());
        return OrganizationView.of(org);
    }

    /** Every organization with its cluster: the platform owner's list. */
    public Page<OrganizationListing> listAll(Caller caller, PageRequest page) {
        access.requirePlatformOwner(caller);
        List<OrganizationListing> items = em.createQuery("select o, c.name from Organization o"
                        + " join Cluster c on c.id = o.clusterId order by o.name, o.id", Object[].class)
                .setFirstResult(page.offset()).setMaxResults(page.limit()).getResultStream()
                .map(row -> {
                    Organization o = (Organization) row[0];
                    return new OrganizationListing(o.id(), o.name(), o.slug(), o.status(), o.clusterId(),
                            (String) row[1], o.createdAt());
                }).toList();
        long total = em.createQuery("select count(o) from Organization o", Long.class).getSingleResult();
        return new Page<>(items, total, page.offset(), page.limit());
    }

    /** One organization with its cluster: the platform owner's detail page. */
    public OrganizationListing getListing(Caller caller, UUID organizationId) {
        access.requirePlatformOwner(caller);
        return em.createQuery("select o, c.name from Organization o join Cluster c on c.id = o.clusterId"
                        + " where o.id = :id", Object[].class).setParameter("id", organizationId).getResultStream()
                .findFirst().map(row -> {
                    Organization o = (Organization) row[0];
                    return new OrganizationListing(o.id(), o.name(), o.slug(), o.status(), o.clusterId(),
                            (String) row[1], o.createdAt());
                }).orElseThrow(() -> new NotFoundException("Organization"));
    }

    /**
     * The organizations the caller administers (the organization switcher): all for the platform
     * owner, the granted ones for an org admin, none for anyone else. The grant is part of the query.
     */
    public Page<OrganizationView> listAdministered(Caller caller, PageRequest page) {
        if (caller == null) {
            throw new io.rap.fabric.domain.access.AccessDeniedException("Sign in first");
        }
        if (!caller.isPlatformOwner() && !caller.hasRealmRole(Caller.ORG_ADMIN)) {
            return new Page<>(List.of(), 0, page.offset(), page.limit());
        }
        String scope = caller.isPlatformOwner() ? "" : " where o.id in (select g.organizationId from AdminGrant g"
                + " where g.subject = :u and g.scopeKind = 'organization' and g.revokedAt is null)";
        TypedQuery<Organization> query = em.createQuery("select o from Organization o" + scope
                + " order by o.name, o.id", Organization.class);
        TypedQuery<Long> count = em.createQuery("select count(o) from Organization o" + scope, Long.class);
        if (!caller.isPlatformOwner()) {
            String username = io.rap.fabric.domain.access.AdminGrantRepository.normalize(caller.username());
            query.setParameter("u", username);
            count.setParameter("u", username);
        }
        List<OrganizationView> items = query.setFirstResult(page.offset()).setMaxResults(page.limit())
                .getResultStream().map(OrganizationView::of).toList();
        return new Page<>(items, count.getSingleResult(), page.offset(), page.limit());
    }

    public OrganizationView get(Caller caller, UUID organizationId) {
        access.requireOrganizationAdmin(caller, organizationId);
        return OrganizationView.of(organization(organizationId));
    }

    public OrganizationDashboard dashboard(Caller caller, UUID organizationId) {
        access.requireOrganizationAdmin(caller, organizationId);
        Organization org = organization(organizationId);
        long openSessions = em.createQuery("select count(s) from AccessSession s where s.organizationId = :org"
                        + " and s.status in ('requested', 'active')", Long.class)
                .setParameter("org", organizationId).getSingleResult();
        List<UUID> pools = em.createQuery("select p.id from EgressPool p where p.organizationId = :org", UUID.class)
                .setParameter("org", organizationId).getResultList();
        Map<UUID, long[]> counts = health.poolCounts(organizationId);
        long available = pools.stream().filter(id -> SafeStatus.AVAILABLE.equals(health.poolStatus(counts, id)))
                .count();
        return new OrganizationDashboard(OrganizationView.of(org), tenants.count(OrganizationUser.class, organizationId),
                tenants.count(OrganizationResource.class, organizationId),
                tenants.count(OrganizationPolicy.class, organizationId), openSessions,
                tenants.count(EntryPoint.class, organizationId), pools.size(), available,
                health.connectors(organizationId));
    }

    /** The VPN exit/connector services of the organization, as counts and a safe status. */
    public List<ConnectorStatusView> connectors(Caller caller, UUID organizationId) {
        access.requireOrganizationAdmin(caller, organizationId);
        organization(organizationId);
        return health.connectors(organizationId);
    }

    private Organization organization(UUID organizationId) {
        return tenants.organization(organizationId).orElseThrow(() -> new NotFoundException("Organization"));
    }
}
