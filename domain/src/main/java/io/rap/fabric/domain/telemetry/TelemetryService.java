package io.rap.fabric.domain.telemetry;

import io.rap.fabric.domain.access.AccessPolicy;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.audit.AuditEntry;
import io.rap.fabric.domain.audit.AuditLog;
import io.rap.fabric.domain.audit.RefusalAudit;
import io.rap.fabric.domain.cluster.Cluster;
import io.rap.fabric.domain.infrastructure.jpa.JsonText;
import io.rap.fabric.domain.node.ClusterMembership;
import io.rap.fabric.domain.node.DesiredStateVersions;
import io.rap.fabric.domain.shared.ConflictException;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.domain.shared.Inputs;
import io.rap.fabric.domain.shared.NotFoundException;
import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.domain.shared.ValidationException;
import io.rap.fabric.protocol.RuntimeDetail;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Test telemetry flags (issue 5): the platform owner switches extra telemetry on for one node
 * membership, a cluster or an organization's nodes, for a limited time. Not high-risk (DESIGN §5):
 * a flag makes an agent report more about itself to the control plane, nothing else, so no
 * step-up. Every change bumps the desired-state version of the memberships it reaches, so agents
 * learn it with their next heartbeat; expiry needs no job (agents and reads compare the time).
 *
 * <p>A second enable of a flag that is still on for the same scope is refused
 * ({@code telemetry_flag_active}) rather than silently extended: the owner sees who switched it on
 * and why, and disables it first to start again.
 */
@ApplicationScoped
@Transactional
public class TelemetryService {

    public static final int DEFAULT_HOURS = 24;
    public static final int MAX_HOURS = 7 * 24;
    static final int MAX_REASON_LENGTH = 500;
    static final String ENABLE_REFUSED = "telemetry_flag.enable_refused";
    static final String DISABLE_REFUSED = "telemetry_flag.disable_refused";
    /** A flag with the names of its cluster, node and organization (the latter two when its scope has them). */
    private static final String VIEW_SELECT = "select f, c.name, n.name, o.name from TelemetryFlagSetting f"
            + " join Cluster c on c.id = f.clusterId left join Node n on n.id = f.nodeId"
            + " left join Organization o on o.id = f.organizationId";

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    AccessPolicy access;

    @Inject
    AuditLog audit;

    @Inject
    RefusalAudit refusals;

    @Inject
    DesiredStateVersions versions;

    @Inject
    EffectiveTelemetry effective;

    @Inject
    Clock clock;

    /** Switches {@code flag} on for the target until it expires ({@link #DEFAULT_HOURS} unless given, at most 7 days). */
    public TelemetryFlagView enable(Caller caller, NewTelemetryFlag input) {
        requireOwner(caller, ENABLE_REFUSED, input == null || input.target() == null ? null : input.target().clusterId(),
                "telemetry_flag", null);
        if (input == null || input.target() == null) {
            throw new ValidationException("scope", "Choose node, cluster or organization as the scope");
        }
        TelemetryTarget target = input.target();
        target.requireComplete();
        TelemetryFlagName flag = TelemetryFlagName.parse(input.flag());
        int hours = input.expiresInHours() == null ? DEFAULT_HOURS : input.expiresInHours();
        if (hours < 1 || hours > MAX_HOURS) {
            throw new ValidationException("expiresInHours", "A flag lasts between 1 hour and " + MAX_HOURS
                    + " hours (7 days)");
        }
        String reason = Inputs.required("reason", input.reason(), MAX_REASON_LENGTH);
        UUID clusterId = clusterOf(target);
        // PostgreSQL keeps microseconds: the answer shows exactly the expiry the agents will get
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);

        Optional<TelemetryFlagSetting> open = openFlag(target, clusterId, flag.wireName());
        if (open.isPresent()) {
            if (open.get().status(now).equals(TelemetryFlagSetting.ACTIVE)) {
                throw new ConflictException("telemetry_flag_active", "The flag '" + flag.wireName()
                        + "' is already on for this " + target.scopeType() + " until " + open.get().expiresAt()
                        + " (enabled by " + open.get().enabledBy() + "); disable it first to start again");
            }
            open.get().closeExpired(now);
            // Hibernate flushes inserts before updates: the old row must leave the index first
            em.flush();
        }
        TelemetryFlagSetting setting = new TelemetryFlagSetting(target.scopeType(), clusterId, target.nodeId(),
                target.organizationId(), flag.wireName(), reason, caller.username(), now,
                now.plus(Duration.ofHours(hours)));
        em.persist(setting);
        try {
            em.flush();
        } catch (PersistenceException e) {
            // the one-open index: someone enabled the same flag for the same scope at the same moment
            throw new ConflictException("telemetry_flag_active", "The flag '" + flag.wireName()
                    + "' was just switched on for this " + target.scopeType() + " by someone else");
        }
        int reached = bump(setting);
        audit.record(AuditEntry.byPerson(caller, "telemetry_flag.enabled").cluster(clusterId).node(target.nodeId())
                .organization(target.organizationId()).target("telemetry_flag", setting.id())
                .detail("flag", flag.wireName()).detail("scope", target.scopeType())
                .detail("expiresAt", setting.expiresAt()).detail("reason", reason)
                .detail("memberships", reached).build());
        return view(setting, now);
    }

    /**
     * Switches the flag off before it expires.
     *
     * @param expectedVersion the version the person saw; another change meanwhile is {@code stale_version}
     */
    public TelemetryFlagView disable(Caller caller, UUID flagId, long expectedVersion) {
        requireOwner(caller, DISABLE_REFUSED, null, "telemetry_flag", flagId);
        TelemetryFlagSetting setting = Optional.ofNullable(flagId == null ? null
                        : em.find(TelemetryFlagSetting.class, flagId, LockModeType.PESSIMISTIC_WRITE))
                .orElseThrow(() -> new NotFoundException("Telemetry flag"));
        if (setting.version() != expectedVersion) {
            throw new ConflictException("stale_version",
                    "Someone else changed this flag meanwhile: reload the page and try again");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String status = setting.status(now);
        if (!TelemetryFlagSetting.ACTIVE.equals(status)) {
            throw new ConflictException("telemetry_flag_not_active", "The flag is already " + status);
        }
        setting.disable(caller.username(), now);
        em.flush(); // the answer carries the new version, which a later form must name
        int reached = bump(setting);
        audit.record(AuditEntry.byPerson(caller, "telemetry_flag.disabled").cluster(setting.clusterId())
                .node(setting.nodeId()).organization(setting.organizationId()).target("telemetry_flag", setting.id())
                .detail("flag", setting.flag()).detail("scope", setting.scopeType())
                .detail("memberships", reached).build());
        return view(setting, now);
    }

    /**
     * Every flag, newest first; {@code status} (active, expired, disabled, or null for all) is
     * applied in the query, so pages and counts stay right.
     */
    public Page<TelemetryFlagView> list(Caller caller, String status, PageRequest page) {
        access.requirePlatformOwner(caller);
        String where = switch (status == null || status.isBlank() ? "" : status) {
            case "" -> "";
            case TelemetryFlagSetting.ACTIVE -> " where f.disabledAt is null and f.expiresAt > :now";
            case TelemetryFlagSetting.EXPIRED -> " where f.disabledAt is null and f.expiresAt <= :now";
            case TelemetryFlagSetting.DISABLED -> " where f.disabledAt is not null";
            default -> throw new ValidationException("status", "Unknown status '" + status + "'");
        };
        Instant now = clock.instant();
        TypedQuery<Object[]> query = em.createQuery(VIEW_SELECT + where + " order by f.enabledAt desc, f.id",
                Object[].class);
        TypedQuery<Long> count = em.createQuery("select count(f) from TelemetryFlagSetting f" + where, Long.class);
        if (where.contains(":now")) {
            query.setParameter("now", now);
            count.setParameter("now", now);
        }
        List<TelemetryFlagView> items = query.setFirstResult(page.offset()).setMaxResults(page.limit())
                .getResultList().stream().map(row -> TelemetryFlagView.of((TelemetryFlagSetting) row[0],
                        (String) row[1], (String) row[2], (String) row[3], now)).toList();
        return new Page<>(items, count.getSingleResult(), page.offset(), page.limit());
    }

    /** The Node Detail's "Test telemetry" panel: per membership, the flags in effect and the latest runtime block. */
    public List<NodeTelemetry> forNode(Caller caller, UUID nodeId) {
        access.requirePlatformOwner(caller);
        if (nodeId == null) {
            throw new NotFoundException("Node");
        }
        Instant now = clock.instant();
        Map<UUID, List<EffectiveFlag>> flags = effective.of(nodeId, null, now);
        return em.createQuery("select m.clusterId, c.name, s.runtime, s.lastHeartbeatAt from ClusterMembership m"
                        + " join Cluster c on c.id = m.clusterId left join NodeLatestState s on s.nodeId = m.nodeId"
                        + " and s.clusterId = m.clusterId where m.nodeId = :n order by c.name", Object[].class)
                .setParameter("n", nodeId).getResultList().stream()
                .map(row -> new NodeTelemetry((UUID) row[0], (String) row[1],
                        flags.getOrDefault((UUID) row[0], List.of()),
                        row[2] == null ? null : RuntimeDetail.fromJson(JsonText.object((String) row[2])),
                        row[2] == null ? null : (Instant) row[3]))
                .toList();
    }

    /** The cluster of the target, which must exist: an unknown id or a node outside the cluster is "not found". */
    private UUID clusterOf(TelemetryTarget target) {
        return switch (target.scopeType()) {
            case TelemetryTarget.NODE -> {
                ClusterMembership m = em.createQuery("select m from ClusterMembership m where m.clusterId = :c"
                                + " and m.nodeId = :n", ClusterMembership.class)
                        .setParameter("c", target.clusterId()).setParameter("n", target.nodeId())
                        .getResultStream().findFirst().orElseThrow(() -> new NotFoundException("Node membership"));
                if (!m.isActive()) {
                    throw new ConflictException("membership_not_active", "The node's membership in this cluster is "
                            + m.status() + ": it runs nothing a flag could apply to");
                }
                yield m.clusterId();
            }
            case TelemetryTarget.CLUSTER -> Optional.ofNullable(em.find(Cluster.class, target.clusterId()))
                    .map(Cluster::id).orElseThrow(() -> new NotFoundException("Cluster"));
            default -> em.createQuery("select o.clusterId from Organization o where o.id = :o", UUID.class)
                    .setParameter("o", target.organizationId()).getResultStream().findFirst()
                    .orElseThrow(() -> new NotFoundException("Organization"));
        };
    }

    /** The open flag of this scope and name, locked; the scope's own column is the only one compared. */
    private Optional<TelemetryFlagSetting> openFlag(TelemetryTarget target, UUID clusterId, String flag) {
        String scopeColumn = switch (target.scopeType()) {
            case TelemetryTarget.NODE -> " and f.nodeId = :target";
            case TelemetryTarget.ORGANIZATION -> " and f.organizationId = :target";
            default -> "";
        };
        TypedQuery<TelemetryFlagSetting> query = em.createQuery("select f from TelemetryFlagSetting f"
                + " where f.closedAt is null and f.scopeType = :s and f.clusterId = :c and f.flag = :flag"
                + scopeColumn, TelemetryFlagSetting.class)
                .setParameter("s", target.scopeType()).setParameter("c", clusterId).setParameter("flag", flag);
        if (!scopeColumn.isEmpty()) {
            query.setParameter("target", TelemetryTarget.NODE.equals(target.scopeType()) ? target.nodeId()
                    : target.organizationId());
        }
        return query.setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultStream().findFirst();
    }

    /** Announces the change to every membership it reaches: one statement per scope, never a loop. */
    private int bump(TelemetryFlagSetting f) {
        return switch (f.scopeType()) {
            case TelemetryTarget.NODE -> {
                versions.bump(f.clusterId(), f.nodeId());
                yield 1;
            }
            case TelemetryTarget.CLUSTER -> versions.bumpCluster(f.clusterId());
            default -> versions.bumpServing(f.clusterId(), f.organizationId());
        };
    }

    private TelemetryFlagView view(TelemetryFlagSetting f, Instant now) {
        Object[] row = em.createQuery(VIEW_SELECT + " where f.id = :id", Object[].class)
                .setParameter("id", f.id()).getSingleResult();
        return TelemetryFlagView.of(f, (String) row[1], (String) row[2], (String) row[3], now);
    }

    /** Owner only; a refused attempt is audited in a transaction of its own (this one rolls back). */
    private void requireOwner(Caller caller, String refusalEvent, UUID clusterId, String targetType, UUID targetId) {
        try {
            access.requirePlatformOwner(caller);
        } catch (DomainException refusal) {
            refusals.record(caller, refusalEvent, clusterId, targetType, targetId, refusal);
            throw refusal;
        }
    }
}
