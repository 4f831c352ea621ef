package io.rap.fabric.domain.audit;

import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.shared.DomainException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Records refused attempts at guarded or high-risk actions. The refusal rolls the action's own
 * transaction back, so the event is written in a transaction of its own.
 *
 * <p>Call it only before the action's transaction has recorded an audit event: that transaction
 * would then hold the chain head, and this one would wait for it forever.
 */
@ApplicationScoped
public class RefusalAudit {

    /** Per source and minute; a node that retries every few seconds stays well below it. */
    static final int AGENT_REFUSALS_PER_SOURCE = 20;
    /** All unauthenticated sources together, per minute. */
    static final int AGENT_REFUSALS_OVERALL = 300;
    /** Longest detail value written: requests choose these values, the log must not grow with them. */
    static final int MAX_DETAIL_LENGTH = 200;

    private static final Logger LOG = Logger.getLogger(RefusalAudit.class.getName());

    @Inject
    AuditLog audit;

    private final RefusalThrottle throttle = new RefusalThrottle(AGENT_REFUSALS_PER_SOURCE, AGENT_REFUSALS_OVERALL,
            Duration.ofMinutes(1), Clock.systemUTC());

    /**
     * @param eventType  e.g. {@code join_request.approval_refused}
     * @param refusal    the refusal about to be thrown; its stable code becomes the detail {@code code}
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(Caller caller, String eventType, UUID clusterId, String targetType, UUID targetId,
                       DomainException refusal) {
        record(caller, eventType, clusterId, targetType, targetId, refusal, Map.of());
    }

    /** As above, with more details (bounded in length; never secrets). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(Caller caller, String eventType, UUID clusterId, String targetType, UUID targetId,
                       DomainException refusal, Map<String, String> details) {
        if (caller == null) {
            return; // no person to attribute it to: pages always pass one
        }
        AuditEntry.Builder entry = AuditEntry.byPerson(caller, eventType).cluster(clusterId).target(targetType, targetId);
        bounded(details).forEach(entry::detail);
        audit.record(entry.detail("code", refusal.code()).build());
    }

    /**
     * A refused request of an agent or of anyone on the node API, i.e. of a caller who is not (yet)
     * authenticated. At most {@value #AGENT_REFUSALS_PER_SOURCE} a minute per {@code sourceKey}
     * (the source address, or what the request claimed when the address is unknown) and
     * {@value #AGENT_REFUSALS_OVERALL} in all are written; the next written event of a source
     * carries {@code suppressed}, the number left out before it.
     *
     * @param entry the event; its details are cut to {@value #MAX_DETAIL_LENGTH} characters
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordAgent(AuditEntry entry, String sourceKey) {
        OptionalLong admitted = throttle.admit(sourceKey);
        if (admitted.isEmpty()) {
            LOG.fine(() -> "refusal not audited (flood bound): " + entry.eventType() + " from " + sourceKey);
            return;
        }
        Map<String, String> details = bounded(entry.details());
        if (admitted.getAsLong() > 0) {
            details.put("suppressed", Long.toString(admitted.getAsLong()));
        }
        audit.record(new AuditEntry(entry.eventType(), entry.actor(), entry.actorKind(), entry.clusterId(),
                entry.nodeId(), entry.organizationId(), entry.targetType(), entry.targetId(), details));
    }

    /** Leaves out what is unknown (null) and cuts long values. */
    private static Map<String, String> bounded(Map<String, String> details) {
        Map<String, String> copy = new LinkedHashMap<>();
        details.forEach((key, value) -> {
            if (value != null) {
                copy.put(key, value.length() <= MAX_DETAIL_LENGTH ? value : value.substring(0, MAX_DETAIL_LENGTH) + "…");
            }
        });
        return copy;
    }

    /** The same for a refused request of a node (e.g. a certificate rotation), attributed to the node. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordForNode(String nodeActor, UUID nodeId, String eventType, UUID clusterId, String targetType,
                              Object targetId, DomainException refusal) {
        audit.record(AuditEntry.byNode(nodeActor, eventType).cluster(clusterId).node(nodeId)
                .target(targetType, targetId).detail("code", refusal.code()).build());
    }

    /** The same for a refusal inside one organization, so it appears in that organization's audit. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordForOrganization(Caller caller, String eventType, UUID organizationId, String targetType,
                                      UUID targetId, DomainException refusal) {
        if (caller == null) {
            return;
        }
        audit.record(AuditEntry.byPerson(caller, eventType).organization(organizationId).target(targetType, targetId)
                .detail("code", refusal.code()).build());
    }
}
