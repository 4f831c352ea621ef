package io.rap.fabric.domain.fleet;

import io.rap.fabric.domain.access.AccessPolicy;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.enrollment.JoinRequestExpiry;
import io.rap.fabric.domain.node.Health;
import io.rap.fabric.domain.role.RoleCatalog;
import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The platform owner's read model of the whole fleet: overview counts, current alerts, heartbeat
 * history and the cluster comparison. Every number is an aggregate computed by PostgreSQL (never
 * rows counted in Java), so the pages cost the same on ten nodes and on ten thousand; the indexes
 * that keep them fast are V0037–V0039.
 *
 * <p>Health is derived exactly as {@link Health#derive} does it, in SQL: no latest state is
 * {@code unknown}, a last heartbeat older than {@link Health#GRACE} is {@code silent}, otherwise the
 * reported health. Only active memberships count for health and risks: a disabled or departed
 * membership is expected to be quiet.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class FleetHealth {

    /**
     * A certificate this close to its end needs attention: agents rotate at two thirds of the
     * 30-day lifetime (10 days left), so one still active with 7 days left has failed to rotate
     * for days.
     */
    public static final Duration CERTIFICATE_WARNING = Duration.ofDays(7);
    /** Within a day of expiry (or past it) a certificate alert is critical. */
    public static final Duration CERTIFICATE_CRITICAL = Duration.ofDays(1);
    /** A node silent for longer than this is critical rather than a warning. */
    public static final Duration SILENT_CRITICAL = Duration.ofHours(1);
    public static final int HISTORY_HOURS = 24;
    /** How old the shared fleet overview may get before a request recomputes it; see {@link #currentOverview}. */
    public static final Duration OVERVIEW_MAX_AGE = Duration.ofSeconds(5);
    /** Hours that ended this long ago can no longer receive heartbeats (a late commit), so they are cached. */
    private static final Duration SETTLED = Duration.ofMinutes(5);

    public static final List<String> HEALTH_KEYS = List.of("healthy", "degraded", "unhealthy", Health.SILENT,
            Health.UNKNOWN);

    private static final String HEALTH_EXPR = "case when s.node_id is null then 'unknown'"
            + " when s.last_heartbeat_at < :cutoff then 'silent' else s.health end";

    /**
     * Roles a cluster needs: every role it has an active assignment of (the owner placed that service
     * there), {@code entry-node} when an organization it serves has an active entry point, and
     * {@code egress} when such an organization has an egress pool. Built as clusters × catalog roles
     * with one index probe each (V0039), rather than a distinct over every assignment of the fleet.
     */
    private static final String NEEDED_ROLES = "needed as (select c.id as cluster_id, r.role from clusters c"
            + " cross join (values " + RoleCatalog.all().stream().map(r -> "('" + r.name() + "')")
                    .collect(Collectors.joining(", ")) + ") as r(role)"
            + " where exists (select 1 from node_role_assignments a where a.cluster_id = c.id and a.role = r.role"
            + " and a.status = 'active')"
            + " or (r.role = 'entry-node' and exists (select 1 from entry_points e join organizations o"
            + " on o.id = e.organization_id where o.cluster_id = c.id and e.status = 'active' and o.status = 'active'))"
            + " or (r.role = 'egress' and exists (select 1 from egress_pools p join organizations o"
            + " on o.id = p.organization_id where o.cluster_id = c.id and o.status = 'active')))";
    private static final String NODE_COLUMNS = " c.id as cluster_id, c.name as cluster_name, nd.id as subject_id,"
            + " nd.name as subject_name,";
    private static final String STATE_OR_UNREPORTED = "coalesce(w.reported_state, 'unreported')";

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    AccessPolicy access;

    @Inject
    JoinRequestExpiry joinRequestExpiry;

    @Inject
    Clock clock;

    private final Object overviewLock = new Object();
    private volatile SharedOverview sharedOverview;

    /** Settled hours of the heartbeat chart, per scope ("*" or a cluster id) and hour start: derived, rebuildable. */
    private final Map<String, HeartbeatHour> settledHours = new ConcurrentHashMap<>();

    /** The overview of every cluster, or of one cluster when {@code clusterId} is given. */
    public FleetOverview overview(Caller caller, UUID clusterId) {
        access.requirePlatformOwner(caller);
        Instant now = clock.instant();
        long clusterCount = count("select count(*) from clusters c where true" + scope("c.id", clusterId), clusterId,
                Map.of());
        Map<String, Long> health = emptyHealth();
        healthRows(clusterId == null ? null : List.of(clusterId), now)
                .forEach(r -> health.merge((String) r[1], number(r[2]), Long::sum));
        long activeNodes = health.values().stream().mapToLong(Long::longValue).sum();
        long pending = count("select count(*) from node_join_requests r where r.status = 'pending'"
                + " and r.created_at > :expired" + scope("r.cluster_id", clusterId), clusterId,
                Map.of("expired", now.minus(joinRequestExpiry.ttl())));
        Map<String, Long> workloads = new TreeMap<>();
        grouped(STATE_OR_UNREPORTED, clusterId == null ? null : List.of(clusterId))
                .forEach(r -> workloads.merge((String) r[1], number(r[2]), Long::sum));
        List<CoverageGap> gaps = coverageGaps(clusterId == null ? null : List.of(clusterId), now);
        long expiring = count("select count(*) from node_identities i join cluster_memberships m"
                + " on m.node_id = i.node_id and m.cluster_id = i.cluster_id and m.status = 'active'"
                + " where i.identity_status = 'active' and i.certificate_not_after < :soon"
                + scope("i.cluster_id", clusterId), clusterId, Map.of("soon", now.plus(CERTIFICATE_WARNING)));
        long notHealthy = count("select count(*) from cluster_authority_terms t where t.state <> 'healthy'"
                + scope("t.cluster_id", clusterId), clusterId, Map.of());
        FleetOverview.Risks risks = new FleetOverview.Risks(expiring, health.get(Health.SILENT), notHealthy,
                workloads.getOrDefault("failed", 0L), gaps.size());
        return new FleetOverview(clusterCount, activeNodes, health, pending, workloads, gaps, risks, now);
    }

    /**
     * The fleet-wide overview as the Overview page shows it: one computation shared by every platform
     * owner for at most {@link #OVERVIEW_MAX_AGE}, and only while no audited change has been committed
     * since it was computed (the audit chain head's sequence number, one row read, tells). Every
     * change an administrator makes is audited, so their own action shows at once; what changes
     * without an audit event — heartbeats, and health going silent with time — shows within the
     * maximum age. When it is stale, one request recomputes it and the others arriving meanwhile
     * wait for that result instead of each running the same aggregates: twenty owners opening the
     * Overview during a fleet-wide outage cost one computation, not twenty (docs/benchmarks.md).
     */
    public FleetOverview currentOverview(Caller caller) {
        access.requirePlatformOwner(caller);
        synchronized (overviewLock) {
            long sequence = auditSequence();
            SharedOverview shared = sharedOverview;
            if (shared != null && shared.auditSequence() == sequence
                    && !shared.overview().computedAt().plus(OVERVIEW_MAX_AGE).isBefore(clock.instant())) {
                return shared.overview();
            }
            FleetOverview computed = overview(caller, null);
            sharedOverview = new SharedOverview(sequence, computed);
            return computed;
        }
    }

    /** The audit chain head's sequence number: it grows with every committed audited change. */
    private long auditSequence() {
        return number(em.createNativeQuery("select last_sequence_no from audit_chain_head where id = 1")
                .getSingleResult());
    }

    /** A fleet-wide overview and the audit sequence number read before it was computed. */
    private record SharedOverview(long auditSequence, FleetOverview overview) {
    }

    /**
     * Current alerts, most severe first and, within a severity, the oldest condition first. Paged in
     * SQL over the union of the alert kinds; only the kinds asked for are queried at all.
     */
    public Page<FleetAlert> alerts(Caller caller, AlertFilter filter, PageRequest page) {
        access.requirePlatformOwner(caller);
        AlertFilter f = filter == null ? AlertFilter.none() : filter;
        Instant now = clock.instant();
        List<String> branches = new ArrayList<>();
        // Each kind binds its own parameters: kinds not asked for are left out of the SQL, and so are theirs.
        Map<String, Object> parameters = new HashMap<>();
        if (wants(f, FleetAlert.CLUSTER_NOT_HEALTHY)) {
            branches.add("select 'cluster_not_healthy' as kind, case when t.state = 'degraded' then 'warning'"
                    + " else 'critical' end as severity, t.changed_at as since, c.id as cluster_id,"
                    + " c.name as cluster_name, cast(null as uuid) as subject_id, cast(null as varchar) as subject_name,"
                    + " cast(t.state || ' (term ' || t.term || ')' as varchar) as detail"
                    + " from cluster_authority_terms t join clusters c on c.id = t.cluster_id"
                    + " where t.state <> 'healthy'" + scope("c.id", f.clusterId()));
        }
        if (wants(f, FleetAlert.ROLE_COVERAGE_GAP)) {
            parameters.put("cutoff", now.minus(Health.GRACE));
            branches.add("select * from (with " + gapsWith(scope("%s", f.clusterId())) + " select 'role_coverage_gap'"
                    + " as kind, 'critical' as severity, g.last_heartbeat as since, g.cluster_id, c.name as cluster_name,"
                    + " cast(null as uuid) as subject_id, cast(null as varchar) as subject_name,"
                    + " cast(g.role as varchar) as detail from gaps g join clusters c on c.id = g.cluster_id) coverage");
        }
        if (wants(f, FleetAlert.NODE_SILENT)) {
            parameters.put("cutoff", now.minus(Health.GRACE));
            parameters.put("silentCritical", now.minus(SILENT_CRITICAL));
            branches.add("select 'node_silent' as kind, case when s.last_heartbeat_at < :silentCritical"
                    + " then 'critical' else 'warning' end as severity, s.last_heartbeat_at as since," + NODE_COLUMNS
                    + " cast(s.health as varchar) as detail from cluster_memberships m"
                    + " join node_latest_states s on s.node_id = m.node_id and s.cluster_id = m.cluster_id"
                    + " join clusters c on c.id = m.cluster_id join nodes nd on nd.id = m.node_id"
                    + " where m.status = 'active' and s.last_heartbeat_at < :cutoff" + scope("m.cluster_id", f.clusterId()));
        }
        if (wants(f, FleetAlert.CERTIFICATE_EXPIRING)) {
            parameters.put("soon", now.plus(CERTIFICATE_WARNING));
            parameters.put("certCritical", now.plus(CERTIFICATE_CRITICAL));
            branches.add("select 'certificate_expiring' as kind, case when i.certificate_not_after < :certCritical"
                    + " then 'critical' else 'warning' end as severity, i.certificate_not_after as since," + NODE_COLUMNS
                    + " cast(i.certificate_serial as varchar) as detail from node_identities i"
                    + " join cluster_memberships m on m.node_id = i.node_id and m.cluster_id = i.cluster_id"
                    + " and m.status = 'active' join clusters c on c.id = i.cluster_id join nodes nd on nd.id = i.node_id"
                    + " where i.identity_status = 'active' and i.certificate_not_after < :soon"
                    + scope("i.cluster_id", f.clusterId()));
        }
        if (wants(f, FleetAlert.WORKLOAD_FAILED)) {
            branches.add("select 'workload_failed' as kind, 'critical' as severity, w.reported_at as since,"
                    + NODE_COLUMNS + " cast(w.name || ' (' || w.workload_type || ')' as varchar) as detail"
                    + " from node_service_instances w"
                    + " join clusters c on c.id = w.cluster_id join nodes nd on nd.id = w.node_id"
                    + " where w.desired = 'enabled' and w.reported_state = 'failed'" + scope("w.cluster_id", f.clusterId()));
        }
        String union = String.join(" union all ", branches);
        Query count = em.createNativeQuery("select count(*) from (" + union + ") a");
        Query rows = em.createNativeQuery("select a.* from (" + union + ") a order by case a.severity"
                + " when 'critical' then 0 else 1 end, a.since nulls first, a.kind, a.cluster_name, a.cluster_id,"
                + " a.subject_name, a.subject_id, a.detail");
        bind(count, f.clusterId(), parameters);
        bind(rows, f.clusterId(), parameters);
        List<FleetAlert> items = rows(rows.setFirstResult(page.offset()).setMaxResults(page.limit()))
                .stream().map(r -> new FleetAlert((String) r[0], (String) r[1], instant(r[2]),
                        (UUID) r[3], (String) r[4], (UUID) r[5], (String) r[6], (String) r[7])).toList();
        return new Page<>(items, number(count.getSingleResult()), page.offset(), page.limit());
    }

    /**
     * The last {@value #HISTORY_HOURS} hours (the current one included, oldest first) of heartbeat
     * health: each active membership counted once per hour under the worst health it reported then,
     * and as silent in the hours it existed but said nothing. Hours that can no longer change are
     * computed once and kept in memory; the current hour is always read.
     */
    public List<HeartbeatHour> heartbeatHistory(Caller caller, UUID clusterId) {
        access.requirePlatformOwner(caller);
        Instant now = clock.instant();
        Instant current = now.truncatedTo(ChronoUnit.HOURS);
        Instant from = current.minus(HISTORY_HOURS - 1L, ChronoUnit.HOURS);
        String key = clusterId == null ? "*" : clusterId.toString();
        settledHours.keySet().removeIf(k -> Instant.parse(k.substring(k.indexOf('@') + 1)).isBefore(from));

        Instant missingFrom = null;
        for (Instant hour = from; !hour.isAfter(current); hour = hour.plus(1, ChronoUnit.HOURS)) {
            if (!settledHours.containsKey(key + "@" + hour)) {
                missingFrom = hour;
                break;
            }
        }
        // Members that existed at the end of each hour: active memberships by the hour they joined.
        TreeMap<Instant, Long> joinedBy = new TreeMap<>();
        Query joined = em.createNativeQuery("select date_bin(interval '1 hour', greatest(m.joined_at, :from),"
                + " to_timestamp(0)) as bucket, count(*) from cluster_memberships m where m.status = 'active'"
                + scope("m.cluster_id", clusterId) + " group by 1");
        bind(joined, clusterId, Map.of("from", from));
        rows(joined).forEach(r -> joinedBy.put(instant(r[0]), number(r[1])));

        Map<Instant, long[]> reported = new HashMap<>();
        if (missingFrom != null) {
            Query worst = em.createNativeQuery("select t.bucket, t.worst, count(*) from (select date_bin(interval '1 hour',"
                    + " h.received_at, to_timestamp(0)) as bucket, max(case h.health when 'unhealthy' then 2"
                    + " when 'degraded' then 1 else 0 end) as worst from node_heartbeats h"
                    + " where h.received_at >= :from and h.received_at < :to" + scope("h.cluster_id", clusterId)
                    + " group by 1, h.node_id, h.cluster_id) t group by 1, 2");
            bind(worst, clusterId, Map.of("from", missingFrom, "to", current.plus(1, ChronoUnit.HOURS)));
            rows(worst).forEach(r ->
                    reported.computeIfAbsent(instant(r[0]), h -> new long[3])[(int) number(r[1])] = number(r[2]));
        }
        List<HeartbeatHour> hours = new ArrayList<>();
        for (Instant hour = from; !hour.isAfter(current); hour = hour.plus(1, ChronoUnit.HOURS)) {
            String cacheKey = key + "@" + hour;
            HeartbeatHour cached = settledHours.get(cacheKey);
            if (cached != null) {
                hours.add(cached);
                continue;
            }
            long[] counts = reported.getOrDefault(hour, new long[3]);
            long members = joinedBy.headMap(hour, true).values().stream().mapToLong(Long::longValue).sum();
            long silent = Math.max(0, members - counts[0] - counts[1] - counts[2]);
            HeartbeatHour computed = new HeartbeatHour(hour, counts[0], counts[1], counts[2], silent);
            hours.add(computed);
            if (hour.plus(1, ChronoUnit.HOURS).plus(SETTLED).isBefore(now)) {
                settledHours.put(cacheKey, computed);
            }
        }
        return hours;
    }

    /** The clusters side by side, a page at a time (by name); one aggregate query per metric for the page. */
    public Page<ClusterComparison> compare(Caller caller, PageRequest page) {
        access.requirePlatformOwner(caller);
        Instant now = clock.instant();
        long total = count("select count(*) from clusters c where true", null, Map.of());
        List<Object[]> clusters = rows(em.createNativeQuery("select c.id, c.name, c.slug, t.state, t.term,"
                        + " t.changed_at from clusters c join cluster_authority_terms t on t.cluster_id = c.id"
                        + " order by c.name, c.id").setFirstResult(page.offset()).setMaxResults(page.limit()));
        if (clusters.isEmpty()) {
            return new Page<>(List.of(), total, page.offset(), page.limit());
        }
        List<UUID> ids = clusters.stream().map(r -> (UUID) r[0]).toList();
        Map<UUID, Map<String, Long>> memberships = byCluster(rows(em.createNativeQuery("select m.cluster_id,"
                + " m.status, count(*) from cluster_memberships m where m.cluster_id in (:ids) group by 1, 2")
                .setParameter("ids", ids)));
        Map<UUID, Map<String, Long>> health = byCluster(healthRows(ids, now));
        Map<UUID, Map<String, Long>> placement = byCluster(grouped("w.workload_type", ids));
        Map<UUID, Map<String, Long>> states = byCluster(grouped(STATE_OR_UNREPORTED, ids));
        Map<UUID, long[]> capacity = new HashMap<>();
        rows(em.createNativeQuery("select m.cluster_id, coalesce(sum(n.cpu_count), 0), coalesce(sum(n.memory_bytes), 0)"
                        + " from cluster_memberships m join nodes n on n.id = m.node_id"
                        + " where m.status = 'active' and m.cluster_id in (:ids) group by 1")
                .setParameter("ids", ids))
                .forEach(r -> capacity.put((UUID) r[0], new long[] {number(r[1]), number(r[2])}));
        Map<UUID, List<String>> missing = new HashMap<>();
        coverageGaps(ids, now).forEach(g -> missing.computeIfAbsent(g.clusterId(), k -> new ArrayList<>()).add(g.role()));

        List<ClusterComparison> items = clusters.stream().map(r -> {
            UUID id = (UUID) r[0];
            Map<String, Long> h = emptyHealth();
            h.putAll(health.getOrDefault(id, Map.of()));
            long[] cap = capacity.getOrDefault(id, new long[2]);
            return new ClusterComparison(id, (String) r[1], (String) r[2], (String) r[3], number(r[4]), instant(r[5]),
                    memberships.getOrDefault(id, Map.of()), h, placement.getOrDefault(id, Map.of()),
                    states.getOrDefault(id, Map.of()), cap[0], cap[1], missing.getOrDefault(id, List.of()));
        }).toList();
        return new Page<>(items, total, page.offset(), page.limit());
    }

    /** Active memberships by derived health per cluster: rows of (cluster id, health, count). */
    private List<Object[]> healthRows(List<UUID> clusterIds, Instant now) {
        Query q = em.createNativeQuery("select m.cluster_id, " + HEALTH_EXPR + " as health, count(*)"
                + " from cluster_memberships m left join node_latest_states s"
                + " on s.node_id = m.node_id and s.cluster_id = m.cluster_id where m.status = 'active'"
                + (clusterIds == null ? "" : " and m.cluster_id in (:ids)") + " group by 1, 2")
                .setParameter("cutoff", now.minus(Health.GRACE));
        if (clusterIds != null) {
            q.setParameter("ids", clusterIds);
        }
        return rows(q);
    }

    /** Enabled desired workloads per cluster grouped by an expression over {@code w}: rows of (cluster id, key, count). */
    private List<Object[]> grouped(String expr, List<UUID> clusterIds) {
        Query q = em.createNativeQuery("select w.cluster_id, " + expr + ", count(*) from node_service_instances w"
                + " where w.desired = 'enabled'" + (clusterIds == null ? "" : " and w.cluster_id in (:ids)")
                + " group by 1, 2");
        if (clusterIds != null) {
            q.setParameter("ids", clusterIds);
        }
        return rows(q);
    }

    /** Needed roles that no healthy node holds, by cluster name and role; see {@link #gapsWith}. */
    private List<CoverageGap> coverageGaps(List<UUID> clusterIds, Instant now) {
        Query q = em.createNativeQuery("with " + gapsWith(clusterIds == null ? "" : " and %s in (:ids)")
                        + " select g.cluster_id, c.name, g.role, g.holders, g.last_heartbeat from gaps g"
                        + " join clusters c on c.id = g.cluster_id order by c.name, g.cluster_id, g.role")
                .setParameter("cutoff", now.minus(Health.GRACE));
        if (clusterIds != null) {
            q.setParameter("ids", clusterIds);
        }
        return rows(q).stream().map(r -> new CoverageGap((UUID) r[0], (String) r[1], (String) r[2], number(r[3]),
                instant(r[4]))).toList();
    }

    /**
     * Common table expressions ending in {@code gaps (cluster_id, role, holders, last_heartbeat)}: the
     * needed roles no healthy node holds, with how many active memberships hold the role at all and
     * the last heartbeat of any holder. {@code clusterCondition} narrows the clusters: a format with
     * one {@code %s} for the cluster id column, or empty. The holders are grouped once per cluster and
     * role in one pass over the active assignments: correlated subqueries per gap scanned the latest
     * states again for every gap, which made this the Overview's most expensive query on a big fleet
     * whose nodes went silent (docs/benchmarks.md). Binds {@code :cutoff}.
     */
    private static String gapsWith(String clusterCondition) {
        return NEEDED_ROLES + ", holders as (select a.cluster_id, a.role,"
                + " count(*) filter (where m.status = 'active') as holders, max(s.last_heartbeat_at) as last_heartbeat,"
                + " bool_or(m.status = 'active' and s.health = 'healthy' and s.last_heartbeat_at >= :cutoff) as healthy"
                + " from node_role_assignments a left join cluster_memberships m on m.cluster_id = a.cluster_id"
                + " and m.node_id = a.node_id left join node_latest_states s on s.cluster_id = a.cluster_id"
                + " and s.node_id = a.node_id where a.status = 'active'" + clusterCondition.formatted("a.cluster_id")
                + " group by a.cluster_id, a.role),"
                + " gaps as (select n.cluster_id, n.role, coalesce(h.holders, 0) as holders, h.last_heartbeat"
                + " from needed n left join holders h on h.cluster_id = n.cluster_id and h.role = n.role"
                + " where coalesce(h.healthy, false) = false" + clusterCondition.formatted("n.cluster_id") + ")";
    }

    private static boolean wants(AlertFilter filter, String kind) {
        return filter.kind() == null || filter.kind().equals(kind);
    }

    private static String scope(String column, UUID clusterId) {
        return clusterId == null ? "" : " and " + column + " = :cluster";
    }

    private long count(String sql, UUID clusterId, Map<String, Object> parameters) {
        Query q = em.createNativeQuery(sql);
        bind(q, clusterId, parameters);
        return number(q.getSingleResult());
    }

    private static void bind(Query q, UUID clusterId, Map<String, Object> parameters) {
        if (clusterId != null) {
            q.setParameter("cluster", clusterId);
        }
        parameters.forEach(q::setParameter);
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(Query q) {
        return ((List<Object>) q.getResultList()).stream().map(r -> (Object[]) r).toList();
    }

    private static Map<UUID, Map<String, Long>> byCluster(List<Object[]> rows) {
        Map<UUID, Map<String, Long>> result = new HashMap<>();
        for (Object[] r : rows) {
            result.computeIfAbsent((UUID) r[0], k -> new TreeMap<>()).merge((String) r[1], number(r[2]), Long::sum);
        }
        return result;
    }

    private static Map<String, Long> emptyHealth() {
        Map<String, Long> health = new LinkedHashMap<>();
        HEALTH_KEYS.forEach(k -> health.put(k, 0L));
        return health;
    }

    private static long number(Object value) {
        return ((Number) Objects.requireNonNull(value, "aggregate")).longValue();
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("unexpected time type " + value.getClass());
    }
}
