package io.rap.fabric.protocol;

import java.security.cert.X509Certificate;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * What a destination checks an origin assertion against: its cluster's CA, the cluster and
 * its own node id, and the current revocation list ({@code revoked} answers for a serial in
 * {@link NodeUri#serialHex} form; it is read at every check, so snapshot updates apply at once).
 */
public record OriginTrust(X509Certificate clusterCa, UUID clusterId, UUID selfNodeId, Predicate<String> revoked) {

    public OriginTrust {
        Check.required("clusterCa", clusterCa);
        Check.required("clusterId", clusterId);
        Check.required("selfNodeId", selfNodeId);
        Check.required("revoked", revoked);
    }
}
