package io.rap.fabric.agent.fabric;

import io.rap.fabric.agent.state.AgentState;
import io.rap.fabric.agent.state.StateDir;
import io.rap.fabric.agent.state.StateException;
import io.rap.fabric.protocol.NodeUri;
import io.rap.fabric.protocol.Pem;
import io.rap.fabric.protocol.ProtocolException;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What this node presents and trusts on the fabric: its own key and cluster-issued
 * certificate, and the cluster CA as the only trust anchor (never the JDK's public CAs).
 */
public record FabricIdentity(PrivateKey key, X509Certificate certificate, List<X509Certificate> trustAnchors) {

    public FabricIdentity {
        trustAnchors = List.copyOf(trustAnchors);
        if (trustAnchors.isEmpty()) {
            throw new IllegalArgumentException("a fabric identity needs at least one trust anchor");
        }
    }

    /** The enrolled node's identity from the state directory. */
    public static FabricIdentity load(StateDir stateDir, AgentState state) {
        if (state.certificatePem() == null || state.caCertificatePem() == null) {
            throw new StateException(stateDir.file(StateDir.STATE_FILE),
                    "no node certificate or cluster CA is stored; the node is not enrolled");
        }
        PrivateKey key = stateDir.loadKey().orElseThrow(() -> new StateException(stateDir.file(StateDir.KEY_FILE),
                "the node key is missing")).getPrivate();
        try {
            return new FabricIdentity(key, Pem.parseCertificate(state.certificatePem()),
                    Pem.parseCertificates(state.caCertificatePem()));
        } catch (ProtocolException e) {
            throw new StateException(stateDir.file(StateDir.STATE_FILE),
                    "the stored node certificate or cluster CA is unusable (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Who this node is on the fabric, from its certificate's URI.
     *
     * @throws FabricException when the certificate names no node (it was not issued for the fabric)
     */
    public NodeUri nodeUri() {
        return NodeUri.of(certificate).orElseThrow(() -> new FabricException(
                "the node certificate carries no urn:rap:cluster:<cluster>:node:<node> URI", null));
    }

    X509Certificate[] trustAnchorArray() {
        return trustAnchors.toArray(X509Certificate[]::new);
    }
}
