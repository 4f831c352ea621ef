package io.rap.fabric.domain.cluster;

import io.rap.fabric.domain.access.AccessPolicy;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.audit.AuditEntry;
import io.rap.fabric.domain.audit.AuditLog;
import io.rap.fabric.domain.audit.RefusalAudit;
import io.rap.fabric.domain.shared.ConflictException;
import static io.rap.fabric.domain.shared.Inputs.optional;
import static io.rap.fabric.domain.shared.Inputs.required;
import io.rap.fabric.domain.shared.NotFoundException;
import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.domain.shared.ValidationException;
import io.rap.fabric.domain.trust.CertificateAuthorityService;
import io.rap.fabric.domain.trust.ClusterCertificateAuthority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

@ApplicationScoped
@Transactional
public class ClusterService {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    AccessPolicy access;

    @Inject
    AuditLog audit;

    @Inject
    CertificateAuthorityService certificateAuthorities;

    @Inject
    RefusalAudit refusals;

    @Inject
    Clock clock;

    /** Creates the cluster with its authority record (healthy, term 1) and its own CA. */
    public ClusterView create(Caller caller, NewCluster input) {
        access.requirePlatformOwner(caller);
        String name = required("name", input.name(), 120);
        String slug = required("slug", input.slug(), 63).toLowerCase(Locale.ROOT);
        if (!SLUG.matcher(slug).matches()) {
            throw new ValidationException("slug", "Use lower-case letters, digits and inner hyphens (at most 63)");
        }
        String region = optional("region", input.region(), 64);
        String description = optional("description", input.description(), 500);
        if (!em.createQuery("select c.id from Cluster c where c.slug = :slug").setParameter("slug", slug)
                .getResultList().isEmpty()) {
            throw new ConflictException("slug_taken", "A cluster with the slug '" + slug + "' already exists");
        }
        Instant now = clock.instant();
        Cluster cluster = new Cluster(UUID.randomUUID(), name, slug, region, description, now);
        em.persist(cluster);
        em.persist(new ClusterAuthority(cluster.id(), caller.username(), now));
        ClusterCertificateAuthority ca = certificateAuthorities.createFor(cluster.id(), slug);
        audit.record(AuditEntry.byPerson(caller, "cluster.created").cluster(cluster.id())
                .target("cluster", cluster.id()).detail("name", name).detail("slug", slug).detail("region", region)
                .build());
        audit.record(AuditEntry.byPerson(caller, "trust.ca_created").cluster(cluster.id())
                .target("certificate_authority", ca.id()).detail("serial", ca.certificateSerial())
                .detail("notAfter", ca.notAfter()).build());
        return view(cluster);
    }

    public Page<ClusterView> list(Caller caller, PageRequest page) {
        access.requirePlatformOwner(caller);
        // One query for the page: authority and member count joined, not fetched per cluster.
        List<ClusterView> items = em.createQuery("select c, a, (select count(m) from ClusterMembership m"
                        + " where m.clusterId = c.id and m.status = 'active') from Cluster c"
                        + " join ClusterAuthority a on a.clusterId = c.id order by c.name, c.id", Object[].class)
                .setFirstResult(page.offset()).setMaxResults(page.limit())
                .getResultStream().map(row -> view((Cluster) row[0], (ClusterAuthority) row[1], (Long) row[2]))
                .toList();
        long total = em.createQuery("select count(c) from Cluster c", Long.class).getSingleResult();
        return new Page<>(items, total, page.offset(), page.limit());
    }

    /**
     * The clusters the caller administers (the cluster switcher): all for the platform owner, the
     * granted ones for a cluster admin, none for anyone else. The grant is part of the query.
     */
    public Page<ClusterView> listAdministered(Caller caller, PageRequest page) {
        if (caller == null) {
            throw new io.rap.fabric.domain.access.AccessDeniedException("Sign in first");
        }
        if (!caller.isPlatformOwner() && !caller.hasRealmRole(Caller.CLUSTER_ADMIN)) {
            return new Page<>(List.of(), 0, page.offset(), page.limit());
        }
        String scope = caller.isPlatformOwner() ? "" : " where c.id in (select g.clusterId from AdminGrant g"
                + " where g.subject = :u and g.scopeKind = 'cluster' and g.revokedAt is null)";
        var query = em.createQuery("select c, a, (select count(m) from ClusterMembership m"
                + " where m.clusterId = c.id and m.status = 'active') from Cluster c"
                + " join ClusterAuthority a on a.clusterId = c.id" + scope + " order by c.name, c.id", Object[].class);
        var count = em.createQuery("select count(c) from Cluster c" + scope, Long.class);
        if (!caller.isPlatformOwner()) {
            String username = io.rap.fabric.domain.access.AdminGrantRepository.normalize(caller.username());
            query.setParameter("u", username);
            count.setParameter("u", username);
        }
        List<ClusterView> items = query.setFirstResult(page.offset()).setMaxResults(page.limit())
                .getResultStream().map(row -> view((Cluster) row[0], (ClusterAuthority) row[1], (Long) row[2]))
                .toList();
        return new Page<>(items, count.getSingleResult(), page.offset(), page.limit());
    }

    /** One cluster's summary: its admin (cluster portal) or the platform owner. */
    public ClusterView get(Caller caller, UUID clusterId) {
        access.requireClusterAdmin(caller, clusterId);
        return view(find(clusterId).orElseThrow(() -> new NotFoundException("Cluster")));
    }

    /**
     * High-risk: sets the cluster's authority state (healthy, degraded, minority_partition, fenced).
     * Every change starts a new term; only the platform owner with a fresh step-up may do it.
     */
    public ClusterView changeAuthority(Caller caller, UUID clusterId, String newState, String reason) {
        try {
            access.requirePlatformOwnerWithStepUp(caller);
        } catch (io.rap.fabric.domain.shared.DomainException refusal) {
            refusals.record(caller, "cluster.authority_change_refused", clusterId, "cluster", clusterId, refusal);
            throw refusal;
        }
        if (newState == null || !ClusterAuthority.STATES.contains(newState)) {
            throw new ValidationException("state", "Use one of " + ClusterAuthority.STATES);
        }
        String why = required("reason", reason, 500);
        Cluster cluster = find(clusterId).orElseThrow(() -> new NotFoundException("Cluster"));
        ClusterAuthority authority = em.createQuery("select a from ClusterAuthority a where a.clusterId = :c",
                        ClusterAuthority.class).setParameter("c", clusterId)
                .setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).getResultStream().findFirst()
                .orElseThrow(() -> new NotFoundException("Cluster"));
        if (authority.state().equals(newState)) {
            throw new ConflictException("authority_unchanged", "The cluster's authority is already '" + newState + "'");
        }
        String previous = authority.state();
        authority.change(newState, caller.username(), clock.instant());
        audit.record(AuditEntry.byPerson(caller, "cluster.authority_changed").cluster(clusterId)
                .target("cluster", clusterId).detail("from", previous).detail("to", newState)
                .detail("term", authority.term()).detail("reason", why).build());
        return view(cluster);
    }

    /**
     * For other domain services: refuses trust mutations unless the cluster's authority is healthy.
     * The refused attempt is audited as {@code refusalEvent} in a transaction of its own, because
     * the caller's transaction rolls back; so call this before the action records any audit event.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requireHealthyAuthority(Caller caller, UUID clusterId, String refusalEvent, String targetType,
                                        UUID targetId) {
        ClusterAuthority authority = authority(clusterId);
        if (!authority.isHealthy()) {
            AuthorityNotHealthyException refusal = new AuthorityNotHealthyException(authority.state());
            refusals.record(caller, refusalEvent, clusterId, targetType, targetId, refusal);
            throw refusal;
        }
    }

    /**
     * The same guard for a request a node makes itself (certificate rotation): the refusal is
     * audited as {@code refusalEvent}, attributed to the node.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requireHealthyAuthorityForNode(String nodeActor, UUID nodeId, UUID clusterId, String refusalEvent,
                                               String targetType, Object targetId) {
        ClusterAuthority authority = authority(clusterId);
        if (!authority.isHealthy()) {
            AuthorityNotHealthyException refusal = new AuthorityNotHealthyException(authority.state());
            refusals.recordForNode(nodeActor, nodeId, refusalEvent, clusterId, targetType, targetId, refusal);
            throw refusal;
        }
    }

    Optional<Cluster> find(UUID id) {
        return Optional.ofNullable(id == null ? null : em.find(Cluster.class, id));
    }

    private ClusterAuthority authority(UUID clusterId) {
        return em.createQuery("select a from ClusterAuthority a where a.clusterId = :c", ClusterAuthority.class)
                .setParameter("c", clusterId).getResultStream().findFirst()
                .orElseThrow(() -> new NotFoundException("Cluster"));
    }

    private ClusterView view(Cluster c) {
        long members = em.createQuery("select count(m) from ClusterMembership m where m.clusterId = :c"
                + " and m.status = 'active'", Long.class).setParameter("c", c.id()).getSingleResult();
        return view(c, authority(c.id()), members);
    }

    private static ClusterView view(Cluster c, ClusterAuthority authority, long members) {
        return new ClusterView(c.id(), c.name(), c.slug(), c.status(), c.region(), c.description(), authority.state(),
                authority.term(), members, c.createdAt());
    }
}
