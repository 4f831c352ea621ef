package io.rap.fabric.domain.node;

import io.rap.fabric.domain.trust.NodeIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Who is asking, for every node-API call after enrollment: the proof must be made with the key
 * of a usable identity of that node in that cluster, and the membership must be active. One
 * implementation, so heartbeats, desired state and workload reports cannot drift apart.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class NodeAuthenticator {

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    ProofVerifier proofs;

    @Inject
    Clock clock;

    /** The node's active membership in the cluster, or a {@link NodeAuthenticationException} naming the failed check. */
    public ClusterMembership authenticate(UUID nodeId, UUID clusterId, SignedRequest request) {
        NodeIdentity identity = usableIdentity(nodeId, clusterId, clock.instant());
        proofs.verify(request, identity.keyThumbprint());
        ClusterMembership membership = em.createQuery("select m from ClusterMembership m where m.nodeId = :n"
                        + " and m.clusterId = :c", ClusterMembership.class)
                .setParameter("n", nodeId).setParameter("c", clusterId).getResultStream().findFirst()
                .orElseThrow(() -> new NodeAuthenticationException("membership_inactive",
                        "The node's membership in this cluster is not active"));
        if (ClusterMembership.DISABLED.equals(membership.status())) {
            throw new NodeAuthenticationException("membership_disabled",
                    "The platform owner disabled this node's membership in this cluster");
        }
        if (!membership.isActive()) {
            throw new NodeAuthenticationException("membership_inactive",
                    "The node's membership in this cluster is not active");
        }
        return membership;
    }

    /** The identity a node authenticates with in one cluster, refused with a reason when it cannot be used. */
    NodeIdentity usableIdentity(UUID nodeId, UUID clusterId, Instant now) {
        List<NodeIdentity> identities = em.createQuery("select i from NodeIdentity i where i.nodeId = :n"
                        + " and i.clusterId = :c order by i.createdAt desc", NodeIdentity.class)
                .setParameter("n", nodeId).setParameter("c", clusterId).getResultList();
        if (identities.isEmpty()) {
            throw new NodeAuthenticationException("node_unknown", "No identity of this node in this cluster");
        }
        return identities.stream().filter(i -> i.isUsableAt(now)).findFirst().orElseThrow(() -> {
            NodeIdentity newest = identities.get(0);
            return NodeIdentity.REVOKED.equals(newest.status())
                    ? new NodeAuthenticationException("certificate_revoked", "The node's certificate was revoked")
                    : new NodeAuthenticationException("certificate_expired",
                    "The node's certificate is not valid now (expired or not yet valid)");
        });
    }
}
