package io.rap.fabric.protocol;

import java.net.URI;
import java.util.Objects;
import java.util.UUID;

/** Paths of the node API, relative to the control plane's base URL. */
public final class NodeApiPaths {

    public static final String BASE = "/node-api/v1";
    public static final String ENROLLMENTS = BASE + "/enrollments";

    private NodeApiPaths() {
    }

    public static String enrollment(UUID requestId) {
        return ENROLLMENTS + "/" + Objects.requireNonNull(requestId);
    }

    public static String heartbeats(UUID nodeId) {
        return BASE + "/nodes/" + Objects.requireNonNull(nodeId) + "/heartbeats";
    }

    /** Rotation: a new certificate for a new key. */
    public static String certificates(UUID nodeId) {
        return BASE + "/nodes/" + Objects.requireNonNull(nodeId) + "/certificates";
    }

    /** The signed snapshot of one membership (proof over a GET with an empty body). */
    public static String snapshot(UUID nodeId, UUID clusterId) {
        return BASE + "/nodes/" + Objects.requireNonNull(nodeId) + "/snapshot?cluster=" + Objects.requireNonNull(clusterId);
    }

    /** Route health for the control plane's link inventory. */
    public static String links(UUID nodeId) {
        return BASE + "/nodes/" + Objects.requireNonNull(nodeId) + "/links";
    }

    /** The node leaves one cluster. */
    public static String leave(UUID nodeId) {
        return BASE + "/nodes/" + Objects.requireNonNull(nodeId) + "/leave";
    }

    /** The revocation list of one cluster the node is a member of. */
    public static String revocations(UUID nodeId, UUID clusterId) {
        return BASE + "/nodes/" + Objects.requireNonNull(nodeId) + "/revocations?cluster=" + Objects.requireNonNull(clusterId);
    }

    /**
     * {@code base} plus {@code path}; the base may carry a path prefix (a reverse proxy's),
     * never a query or fragment.
     */
    public static URI resolve(URI base, String path) {
        String prefix = base.getRawPath() == null ? "" : base.getRawPath();
        if (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + prefix + path);
    }
}
