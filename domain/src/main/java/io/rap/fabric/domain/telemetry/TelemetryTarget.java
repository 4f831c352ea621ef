package io.rap.fabric.domain.telemetry;

import io.rap.fabric.domain.shared.ValidationException;
import java.util.UUID;

/**
 * Where a flag applies: one node's membership in a cluster, a whole cluster, or every node serving
 * an organization (through an active role assignment restricted to it).
 *
 * @param clusterId for a node or cluster scope; unused for an organization (its cluster is looked up)
 */
public record TelemetryTarget(String scopeType, UUID clusterId, UUID nodeId, UUID organizationId) {

    public static final String NODE = "node";
    public static final String CLUSTER = "cluster";
    public static final String ORGANIZATION = "organization";

    public static TelemetryTarget node(UUID clusterId, UUID nodeId) {
        return new TelemetryTarget(NODE, clusterId, nodeId, null);
    }

    public static TelemetryTarget cluster(UUID clusterId) {
        return new TelemetryTarget(CLUSTER, clusterId, null, null);
    }

    public static TelemetryTarget organization(UUID organizationId) {
        return new TelemetryTarget(ORGANIZATION, null, null, organizationId);
    }

    /** Refuses a target whose scope is unknown or misses the ids its scope needs. */
    void requireComplete() {
        if (scopeType == null || !(NODE.equals(scopeType) || CLUSTER.equals(scopeType)
                || ORGANIZATION.equals(scopeType))) {
            throw new ValidationException("scope", "Choose node, cluster or organization as the scope");
        }
        if (NODE.equals(scopeType) && (clusterId == null || nodeId == null)) {
            throw new ValidationException("target", "Choose a cluster and one of its nodes");
        }
        if (CLUSTER.equals(scopeType) && clusterId == null) {
            throw new ValidationException("target", "Choose a cluster");
        }
        if (ORGANIZATION.equals(scopeType) && organizationId == null) {
            throw new ValidationException("target", "Choose an organization");
        }
    }
}
