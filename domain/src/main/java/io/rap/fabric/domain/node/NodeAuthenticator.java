package io.rap.fabric.domain.node;

import io.rap.fabric.domain.audit.AuditEntry;
import io.rap.fabric.domain.audit.RefusalAudit;
import io.rap.fabric.domain.trust.NodeIdentity;
import io.rap.fabric.protocol.VerifiedProof;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Authenticates every node API request made after enrollment. The proof may be made with the key
 * of any usable identity of the node in that cluster: after a rotation the previous certificate
 * keeps working until it expires, so an agent that crashed before switching keys is not locked
 * out. A revoked identity is refused at once, whatever its validity.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class NodeAuthenticator {

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    ProofVerifier proofs;

    @Inject
    RefusalAudit refusals;

    @Inject
    Clock clock;

    /**
     * @throws NodeAuthenticationException {@code node_unknown}, a proof failure, {@code certificate_revoked},
     *                                     {@code certificate_expired}, {@code membership_disabled} or
     *                                     {@code membership_inactive}
     */
    public AuthenticatedNode authenticate(UUID nodeId, UUID clusterId, SignedRequest request) {
        Instant now = clock.instant();
        List<NodeIdentity> identities = nodeId == null || clusterId == null ? List.of()
                : em.createQuery("select i from NodeIdentity i where i.nodeId = :n and i.clusterId = :c"
                        + " order by i.createdAt desc", NodeIdentity.class)
                .setParameter("n", nodeId).setParameter("c", clusterId).getResultList();
        if (identities.isEmpty()) {
            // A node of another cluster presenting itself here is a wrong-cluster attempt, worth telling apart.
            boolean elsewhere = nodeId != null && !em.createQuery("select i.id from NodeIdentity i where i.nodeId = :n")
                    .setParameter("n", nodeId).setMaxResults(1).getResultList().isEmpty();
            throw refused("agent:unverified", nodeId, clusterId, request, null, new NodeAuthenticationException(
                    "node_unknown", "No identity of this node in this cluster"),
                    elsewhere ? "member_of_other_cluster" : null);
        }
        VerifiedProof proof = proofs.verify(request, identities.stream().map(NodeIdentity::keyThumbprint).toList());
        NodeIdentity identity = identities.stream()
                .filter(i -> i.keyThumbprint().equals(proof.keyThumbprint()))
                .min(Comparator.comparing((NodeIdentity i) -> !i.isUsableAt(now)))
                .orElseThrow(() -> new NodeAuthenticationException("proof_wrong_key",
                        "The proof is not signed with this node's key"));
        String key = identity.keyThumbprint();
        // A revoked or expired certificate's key no longer vouches for the node: whoever holds it
        // is not attributed as the node.
        if (NodeIdentity.REVOKED.equals(identity.status())) {
            throw refused("agent:unverified", nodeId, clusterId, request, key, new NodeAuthenticationException(
                    "certificate_revoked", "The node's certificate was revoked"), null);
        }
        if (!identity.isUsableAt(now)) {
            throw refused("agent:unverified", nodeId, clusterId, request, key, new NodeAuthenticationException(
                    "certificate_expired", "The node's certificate is not valid now (expired or not yet valid)"), null);
        }
        String actor = NodeService.nodeActor(nodeId); // the proof verified with a usable key: the node is who it says
        ClusterMembership membership = em.createQuery("select m from ClusterMembership m where m.nodeId = :n"
                        + " and m.clusterId = :c", ClusterMembership.class)
                .setParameter("n", nodeId).setParameter("c", clusterId).getResultStream().findFirst()
                .orElseThrow(() -> refused(actor, nodeId, clusterId, request, key, new NodeAuthenticationException(
                        "membership_inactive", "The node's membership in this cluster is not active"), null));
        if (ClusterMembership.DISABLED.equals(membership.status())) {
            throw refused(actor, nodeId, clusterId, request, key, new NodeAuthenticationException(
                    "membership_disabled", "The platform owner disabled this node's membership in this cluster"), null);
        }
        if (!membership.isActive()) {
            throw refused(actor, nodeId, clusterId, request, key, new NodeAuthenticationException(
                    "membership_inactive", "The node's membership in this cluster is not active"), null);
        }
        return new AuthenticatedNode(nodeId, clusterId, identity, membership);
    }

    /** Audits a refused node request ({@code node.authentication_refused}) and hands the refusal back to throw. */
    private NodeAuthenticationException refused(String actor, UUID nodeId, UUID clusterId, SignedRequest request,
                                                String keyThumbprint, NodeAuthenticationException refusal,
                                                String note) {
        String source = request == null ? null : request.sourceAddress();
        refusals.recordAgent(AuditEntry.byNode(actor, "node.authentication_refused").cluster(clusterId)
                .node(nodeId).target("node", nodeId).detail("code", refusal.code()).detail("keyThumbprint", keyThumbprint)
                .detail("method", request == null ? null : request.method())
                .detail("path", request == null || request.uri() == null ? null : request.uri().getRawPath())
                .detail("sourceAddress", source).detail("note", note).build(),
                source != null ? source : "node:" + nodeId);
        return refusal;
    }
}
