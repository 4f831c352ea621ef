package io.rap.fabric.domain.audit;

import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.shared.DomainException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.UUID;

/**
 * Records refused attempts at guarded or high-risk actions. The refusal rolls the action's own
 * transaction back, so the event is written in a transaction of its own.
 *
 * <p>Call it only before the action's transaction has recorded an audit event: that transaction
 * would then hold the chain head, and this one would wait for it forever.
 */
@ApplicationScoped
public class RefusalAudit {

    @Inject
    AuditLog audit;

    /**
     * @param eventType  e.g. {@code join_request.approval_refused}
     * @param refusal    the refusal about to be thrown; its stable code becomes the detail {@code code}
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(Caller caller, String eventType, UUID clusterId, String targetType, UUID targetId,
                       DomainException refusal) {
        if (caller == null) {
            return; // no person to attribute it to: pages always pass one
        }
        audit.record(AuditEntry.byPerson(caller, eventType).cluster(clusterId).target(targetType, targetId).detail("code", refusal.code()).build());
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
