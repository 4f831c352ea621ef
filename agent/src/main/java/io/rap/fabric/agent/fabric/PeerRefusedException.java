package io.rap.fabric.agent.fabric;

import java.security.cert.CertificateException;
import java.util.UUID;

/** A fabric peer this node will not talk to; the code names the rule it broke. */
public class PeerRefusedException extends RuntimeException {

    public static final String NO_NODE_IDENTITY = "peer_no_node_identity";
    public static final String FOREIGN_CLUSTER = "peer_foreign_cluster";
    public static final String REVOKED = "peer_revoked";
    public static final String WRONG_NODE = "peer_wrong_node";

    private static final long serialVersionUID = 1L;
    private final String code;
    private final UUID nodeId;

    public PeerRefusedException(String code, String message) {
        this(code, null, message);
    }

    /** @param nodeId the refused node, when its certificate named one */
    public PeerRefusedException(String code, UUID nodeId, String message) {
        super(message);
        this.code = code;
        this.nodeId = nodeId;
    }

    public String code() {
        return code;
    }

    public UUID nodeId() {
        return nodeId;
    }

    /** The form the TLS stack needs to fail the handshake. */
    CertificateException asCertificateException() {
        return new CertificateException(code + ": " + getMessage(), this);
    }
}
