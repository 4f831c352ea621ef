package io.rap.fabric.domain.link;

import io.rap.fabric.domain.access.AccessPolicy;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.audit.AuditEntry;
import io.rap.fabric.domain.audit.RefusalAudit;
import io.rap.fabric.domain.node.AuthenticatedNode;
import io.rap.fabric.domain.node.NodeAuthenticator;
import io.rap.fabric.domain.node.SignedRequest;
import io.rap.fabric.domain.shared.NotFoundException;
import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.protocol.LinkReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The link inventory: the route health nodes report ({@code POST /nodes/{id}/links}), kept as the
 * latest state per path (cluster, node, peer, relay), and read by the platform owner only. Core
 * mesh topology is none of a cluster admin's or an organization's business (golden rule 3), so
 * there is no cluster-scoped reader.
 *
 * <p>Reports are telemetry, like heartbeats: a stored report writes no audit event (every node
 * reports every minute), while a refused one does, through {@link RefusalAudit}.
 */
@ApplicationScoped
@Transactional
public class LinkInventory {

    /**
     * How far a measurement may lie ahead of the server's clock. A proof is accepted within ±60 s,
     * so an honest agent stays inside this; a row measured in the future would never be replaced.
     */
    static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(2);
    /** A path not measured again for this long is counted as stale on the cluster page. */
    public static final Duration STALE_AFTER = Duration.ofMinutes(10);

    /**
     * One statement per report however many paths. The conflict target is the path's unique index,
     * where the nil UUID stands for "no relay" (V0034).
     */
    private static final String UPSERT = "insert into node_links (id, cluster_id, node_id, peer_node_id, via_node_id,"
            + " attempts, failures, rtt_median_micros, rtt_p99_micros, consecutive_failures, last_success_at,"
            + " last_failure_at, measured_at, created_at, updated_at)"
            + " select gen_random_uuid(), ?1, ?2, r.peer, r.via, r.attempts, r.failures, r.\"rttMedianMicros\","
            + " r.\"rttP99Micros\", r.\"consecutiveFailures\", r.\"lastSuccessAt\", r.\"lastFailureAt\", ?3, ?4, ?4"
            + " from jsonb_to_recordset(cast(?5 as jsonb)) as r(peer uuid, via uuid, attempts integer,"
            + " failures integer, \"rttMedianMicros\" bigint, \"rttP99Micros\" bigint, \"consecutiveFailures\" integer,"
            + " \"lastSuccessAt\" timestamptz, \"lastFailureAt\" timestamptz)"
            // Peers and relays outside this cluster are left out (see record); the foreign keys would refuse them.
            + " where r.peer <> ?2 and (r.via is null or (r.via <> ?2 and r.via <> r.peer))"
            + " and exists (select 1 from cluster_memberships m where m.cluster_id = ?1 and m.node_id = r.peer)"
            + " and (r.via is null or exists (select 1 from cluster_memberships m"
            + " where m.cluster_id = ?1 and m.node_id = r.via))"
            + " on conflict (cluster_id, node_id, peer_node_id,"
            + " coalesce(via_node_id, cast('00000000-0000-0000-0000-000000000000' as uuid)))"
            + " do update set attempts = excluded.attempts, failures = excluded.failures,"
            + " rtt_median_micros = excluded.rtt_median_micros, rtt_p99_micros = excluded.rtt_p99_micros,"
            + " consecutive_failures = excluded.consecutive_failures, last_success_at = excluded.last_success_at,"
            + " last_failure_at = excluded.last_failure_at, measured_at = excluded.measured_at,"
            + " updated_at = excluded.updated_at"
            // A report that arrives late (a retry, a slow request) never replaces a newer measurement.
            + " where node_links.measured_at <= excluded.measured_at";

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    NodeAuthenticator authenticator;

    @Inject
    AccessPolicy access;

    @Inject
    RefusalAudit refusals;

    @Inject
    Clock clock;

    /**
     * Stores a node's report, authenticated by its proof for the report's cluster (a cluster it is
     * not a member of is {@code node_unknown}, audited by {@link NodeAuthenticator}).
     *
     * <p>Links whose peer or relay is not a member of the report's cluster, or that name the
     * reporting node itself, are ignored rather than refusing the report: the agent's peer table
     * lags behind the cluster (a peer that just left), and one stale entry must not cost the
     * owner every other path's health. They are never stored, so nothing about another cluster's
     * nodes can enter this cluster's inventory.
     *
     * @return how many paths were written (new, or measured later than the stored row)
     * @throws LinkReportRefusedException a report for another node, or measured in the future
     */
    public int record(UUID nodeId, SignedRequest request, LinkReport report) {
        AuthenticatedNode node = authenticator.authenticate(nodeId, report.clusterId(), request);
        Instant now = clock.instant();
        if (!report.nodeId().equals(nodeId)) {
            throw refused(node, request, new LinkReportRefusedException(LinkReportRefusedException.NODE_MISMATCH,
                    "The report is for node " + report.nodeId() + ", but the proof is this node's (" + nodeId + ")"));
        }
        if (report.measuredAt().isAfter(now.plus(FUTURE_TOLERANCE))) {
            throw refused(node, request, new LinkReportRefusedException(LinkReportRefusedException.FROM_FUTURE,
                    "measuredAt lies more than " + FUTURE_TOLERANCE.toMinutes() + " minutes ahead of the server's clock"));
        }
        if (report.links().isEmpty()) {
            return 0;
        }
        var links = Json.createArrayBuilder();
        report.links().forEach(link -> links.add(link.toJson()));
        int written = em.createNativeQuery(UPSERT).setParameter(1, report.clusterId()).setParameter(2, nodeId)
                .setParameter(3, report.measuredAt()).setParameter(4, now).setParameter(5, links.build().toString())
                .executeUpdate();
        trim(report.clusterId(), nodeId);
        return written;
    }

    /**
     * Keeps at most {@link LinkReport#MAX_LINKS} paths per membership, the most recently measured:
     * paths a node stopped using (its peers changed) would otherwise pile up.
     */
    private void trim(UUID clusterId, UUID nodeId) {
        long stored = ((Number) em.createNativeQuery("select count(*) from node_links where cluster_id = ?1"
                        + " and node_id = ?2").setParameter(1, clusterId).setParameter(2, nodeId).getSingleResult())
                .longValue();
        if (stored > LinkReport.MAX_LINKS) {
            em.createNativeQuery("delete from node_links where cluster_id = ?1 and node_id = ?2 and id not in"
                            + " (select id from node_links where cluster_id = ?1 and node_id = ?2"
                            + " order by measured_at desc, updated_at desc, id limit ?3)")
                    .setParameter(1, clusterId).setParameter(2, nodeId).setParameter(3, LinkReport.MAX_LINKS)
                    .executeUpdate();
        }
    }

    private LinkReportRefusedException refused(AuthenticatedNode node, SignedRequest request,
                                               LinkReportRefusedException refusal) {
        String source = request.sourceAddress();
        // Bounded like every refusal of an agent: a node retrying a bad report cannot flood the log.
        refusals.recordAgent(AuditEntry.byNode(node.actor(), "node.link_report_refused").cluster(node.clusterId())
                .node(node.nodeId()).target("node", node.nodeId()).detail("code", refusal.code())
                .detail("sourceAddress", source).build(), source != null ? source : "node:" + node.nodeId());
        return refusal;
    }

    /**
     * The node's paths in all its clusters: by cluster name, failing paths first, then by peer
     * name; paged in SQL. An unknown node is "not found".
     */
    public Page<NodeLinkView> listForNode(Caller caller, UUID nodeId, PageRequest page) {
        access.requirePlatformOwner(caller);
        if (nodeId == null || em.createNativeQuery("select 1 from nodes where id = ?1").setParameter(1, nodeId)
                .getResultList().isEmpty()) {
            throw new NotFoundException("Node");
        }
        long total = ((Number) em.createNativeQuery("select count(*) from node_links where node_id = ?1")
                .setParameter(1, nodeId).getSingleResult()).longValue();
        List<?> rows = em.createNativeQuery("select l.cluster_id, c.name, l.peer_node_id, p.name, l.via_node_id, v.name,"
                        + " l.attempts, l.failures, l.rtt_median_micros, l.rtt_p99_micros, l.consecutive_failures,"
                        + " l.last_success_at, l.last_failure_at, l.measured_at from node_links l"
                        + " join clusters c on c.id = l.cluster_id join nodes p on p.id = l.peer_node_id"
                        + " left join nodes v on v.id = l.via_node_id where l.node_id = ?1"
                        + " order by c.name, l.cluster_id, l.consecutive_failures desc, p.name, l.peer_node_id,"
                        + " v.name nulls first, l.via_node_id nulls first")
                .setParameter(1, nodeId).setFirstResult(page.offset()).setMaxResults(page.limit()).getResultList();
        Instant now = clock.instant();
        List<NodeLinkView> items = rows.stream().map(Object[].class::cast).map(row -> {
            Instant measuredAt = instant(row[13]);
            return new NodeLinkView((UUID) row[0], (String) row[1], (UUID) row[2], (String) row[3], (UUID) row[4],
                    (String) row[5], ((Number) row[6]).intValue(), ((Number) row[7]).intValue(), longOrNull(row[8]),
                    longOrNull(row[9]), ((Number) row[10]).intValue(), instant(row[11]), instant(row[12]), measuredAt,
                    Math.max(0, Duration.between(measuredAt, now).toSeconds()));
        }).toList();
        return new Page<>(items, total, page.offset(), page.limit());
    }

    /** The cluster's inventory in numbers: paths, failing, stale, reporting nodes, last measurement. */
    public ClusterLinkSummary summary(Caller caller, UUID clusterId) {
        access.requirePlatformOwner(caller);
        Object[] row = (Object[]) em.createNativeQuery("select count(*),"
                        + " count(*) filter (where consecutive_failures > 0), count(*) filter (where measured_at < ?2),"
                        + " count(distinct node_id), max(measured_at) from node_links where cluster_id = ?1")
                .setParameter(1, clusterId).setParameter(2, clock.instant().minus(STALE_AFTER)).getSingleResult();
        return new ClusterLinkSummary(clusterId, ((Number) row[0]).longValue(), ((Number) row[1]).longValue(),
                ((Number) row[2]).longValue(), ((Number) row[3]).longValue(), instant(row[4]));
    }

    private static Long longOrNull(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    /** Native queries hand timestamps back as whatever the driver and Hibernate chose. */
    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
