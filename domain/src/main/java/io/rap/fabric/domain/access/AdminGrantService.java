package io.rap.fabric.domain.access;

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
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The platform owner hands out and takes back cluster-admin and org-admin scopes. Both are
 * high-risk (they widen or narrow who sees a tenant) and need a fresh step-up; both are audited.
 * A grant only counts together with the matching Keycloak realm role (see {@link AccessPolicy}).
 */
@ApplicationScoped
@Transactional
public class AdminGrantService {

    /** Keycloak's default username rules, lower-cased as Keycloak stores them. */
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@+-]{0,254}");

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    AccessPolicy access;

    @Inject
    GrantLookup grants;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    public AdminGrantView grant(Caller caller, NewAdminGrant input) {
        access.requirePlatformOwnerWithStepUp(caller);
        String username = AdminGrantRepository.normalize(Inputs.required("username", input.username(), 255));
        if (!USERNAME.matcher(username).matches()) {
            throw new ValidationException("username", "Use the person's Keycloak username (letters, digits, . _ @ + -)");
        }
        String kind = input.scopeKind();
        if (!AdminGrant.CLUSTER.equals(kind) && !AdminGrant.ORGANIZATION.equals(kind)) {
            throw new ValidationException("scopeKind", "Choose a cluster or an organization scope");
        }
        if (input.targetId() == null) {
            throw new ValidationException("targetId", "Choose the " + kind + " to grant");
        }
        String entity = AdminGrant.CLUSTER.equals(kind) ? "Cluster" : "Organization";
        String targetName = em.createQuery("select t.name from " + entity + " t where t.id = :id", String.class)
                .setParameter("id", input.targetId()).getResultStream().findFirst()
                .orElseThrow(() -> new NotFoundException(entity));
        if (grants.hasActiveGrant(username, kind, input.targetId())) {
            throw new ConflictException("grant_exists", username + " already administers this " + kind);
        }
        AdminGrant grant = new AdminGrant(username, kind, input.targetId(), caller.username(), clock.instant());
        em.persist(grant);
        audit.record(scoped(AuditEntry.byPerson(caller, "access.grant_created"), grant)
                .target("admin_grant", grant.id()).detail("username", username).detail("scope", kind).build());
        return view(grant, targetName);
    }

    public AdminGrantView revoke(Caller caller, UUID grantId) {
        access.requirePlatformOwnerWithStepUp(caller);
        AdminGrant grant = grantId == null ? null : em.find(AdminGrant.class, grantId, LockModeType.PESSIMISTIC_WRITE);
        if (grant == null) {
            throw new NotFoundException("Grant");
        }
        if (!grant.isActive()) {
            throw new ConflictException("grant_revoked", "This grant was already revoked");
        }
        grant.revoke(caller.username(), clock.instant());
        audit.record(scoped(AuditEntry.byPerson(caller, "access.grant_revoked"), grant)
                .target("admin_grant", grant.id()).detail("username", grant.subject())
                .detail("scope", grant.scopeKind()).build());
        return view(grant, targetName(grant));
    }

    public Page<AdminGrantView> list(Caller caller, boolean includeRevoked, PageRequest page) {
        access.requirePlatformOwner(caller);
        String where = includeRevoked ? "" : " where g.revokedAt is null";
        List<AdminGrantView> items = em.createQuery("select g, c.name, o.name from AdminGrant g"
                        + " left join Cluster c on c.id = g.clusterId left join Organization o on o.id = g.organizationId"
                        + where + " order by g.createdAt desc, g.id", Object[].class)
                .setFirstResult(page.offset()).setMaxResults(page.limit()).getResultStream()
                .map(row -> view((AdminGrant) row[0], row[1] != null ? (String) row[1] : (String) row[2])).toList();
        long total = em.createQuery("select count(g) from AdminGrant g" + where, Long.class).getSingleResult();
        return new Page<>(items, total, page.offset(), page.limit());
    }

    private static AuditEntry.Builder scoped(AuditEntry.Builder entry, AdminGrant grant) {
        return AdminGrant.CLUSTER.equals(grant.scopeKind()) ? entry.cluster(grant.clusterId())
                : entry.organization(grant.organizationId());
    }

    private String targetName(AdminGrant grant) {
        String entity = AdminGrant.CLUSTER.equals(grant.scopeKind()) ? "Cluster" : "Organization";
        UUID target = AdminGrant.CLUSTER.equals(grant.scopeKind()) ? grant.clusterId() : grant.organizationId();
        return em.createQuery("select t.name from " + entity + " t where t.id = :id", String.class)
                .setParameter("id", target).getResultStream().findFirst().orElse(null);
    }

    private static AdminGrantView view(AdminGrant g, String targetName) {
        UUID target = AdminGrant.CLUSTER.equals(g.scopeKind()) ? g.clusterId() : g.organizationId();
        return new AdminGrantView(g.id(), g.subject(), g.scopeKind(), target, targetName, g.grantedBy(), g.createdAt(),
                g.revokedAt(), g.revokedBy());
    }
}
