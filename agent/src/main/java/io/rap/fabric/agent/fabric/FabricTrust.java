package io.rap.fabric.agent.fabric;

import io.rap.fabric.protocol.NodeUri;
import io.rap.fabric.protocol.OriginTrust;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.UUID;

/**
 * Whom this node accepts on the fabric: holders of a certificate of its cluster CA that name
 * a node of its cluster and are not revoked. Used for both TLS directions and for origin
 * assertions, so a relayed stream is judged by the same rules as a direct connection.
 */
public record FabricTrust(List<X509Certificate> anchors, UUID clusterId, UUID selfNodeId, RevocationSet revocations) {

    public FabricTrust {
        anchors = List.copyOf(anchors);
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("fabric trust needs at least one cluster CA");
        }
    }

    /** Trust for {@code identity}'s cluster, refusing the serials in {@code revocations}. */
    public static FabricTrust of(FabricIdentity identity, RevocationSet revocations) {
        NodeUri self = identity.nodeUri();
        return new FabricTrust(identity.trustAnchors(), self.clusterId(), self.nodeId(), revocations);
    }

    /**
     * The checks beyond the CA chain, for a peer certificate the chain check accepted.
     *
     * @throws PeerRefusedException naming why
     */
    public NodeUri check(X509Certificate peer) {
        NodeUri uri = NodeUri.of(peer).orElseThrow(() -> new PeerRefusedException(PeerRefusedException.NO_NODE_IDENTITY,
                "the peer certificate names no node (urn:rap:cluster:<cluster>:node:<node>)"));
        if (!uri.clusterId().equals(clusterId)) {
            throw new PeerRefusedException(PeerRefusedException.FOREIGN_CLUSTER, uri.nodeId(),
                    "the peer " + uri + " is not in cluster " + clusterId);
        }
        String serial = NodeUri.serialHex(peer);
        if (revocations.isRevoked(serial)) {
            throw new PeerRefusedException(PeerRefusedException.REVOKED, uri.nodeId(),
                    "the peer " + uri + " presented revoked certificate " + serial);
        }
        return uri;
    }

    /** The same trust for origin assertions. Several anchors: the first is the issuing CA. */
    public OriginTrust originTrust() {
        return new OriginTrust(anchors.get(0), clusterId, selfNodeId, revocations::isRevoked);
    }
}
