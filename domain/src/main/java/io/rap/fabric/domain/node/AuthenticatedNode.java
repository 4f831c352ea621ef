package io.rap.fabric.domain.node;

import io.rap.fabric.domain.trust.NodeIdentity;
import java.util.UUID;

/**
 * A node request that passed {@link NodeAuthenticator}: the identity whose key made the proof and
 * the node's active membership in the cluster. Managed entities: for use inside the domain only.
 */
public record AuthenticatedNode(UUID nodeId, UUID clusterId, NodeIdentity identity, ClusterMembership membership) {

    /** The audit actor of requests made by this node. */
    public String actor() {
        return NodeService.nodeActor(nodeId);
    }
}
