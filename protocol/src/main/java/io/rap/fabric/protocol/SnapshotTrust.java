package io.rap.fabric.protocol;

import java.security.cert.X509Certificate;
import java.util.UUID;

/** What a node trusts a snapshot against: the CA of its membership, and who it is in that cluster. */
public record SnapshotTrust(X509Certificate clusterCa, UUID clusterId, UUID nodeId) {

    public SnapshotTrust {
        Check.required("clusterCa", clusterCa);
        Check.required("clusterId", clusterId);
        Check.required("nodeId", nodeId);
    }
}
