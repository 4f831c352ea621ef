package io.rap.fabric.agent.fabric;

import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.ClientAuth;
import io.rap.fabric.protocol.NodeUri;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.function.Consumer;

/**
 * TLS 1.3 settings of the QUIC fabric: mutual authentication with cluster-issued
 * certificates, the cluster CA as the only trust, peers of other clusters and revoked
 * certificates refused in the handshake, ALPN {@value #ALPN}.
 */
public final class FabricTls {

    /** The fabric's application protocol; a peer speaking anything else is refused in the handshake. */
    public static final String ALPN = "rap-fabric/1";

    private FabricTls() {
    }

    /** Server side without revocations (the echo workload's own probe, tests). */
    public static QuicSslContext server(FabricIdentity identity) {
        return server(identity, FabricTrust.of(identity, new RevocationSet()));
    }

    /** Server side: a client without an acceptable certificate cannot complete the handshake. */
    public static QuicSslContext server(FabricIdentity identity, FabricTrust trust) {
        return server(identity, trust, refused -> { });
    }

    /** @param refusals told about every peer refused by the fabric's rules (the handshake only says it failed) */
    public static QuicSslContext server(FabricIdentity identity, FabricTrust trust,
                                        Consumer<PeerRefusedException> refusals) {
        return QuicSslContextBuilder.forServer(identity.key(), null, identity.certificate())
                .trustManager(new FabricTrustManager(trust, refusals))
                .clientAuth(ClientAuth.REQUIRE)
                .applicationProtocols(ALPN)
                .build();
    }

    public static QuicSslContext client(FabricIdentity identity) {
        return client(identity, FabricTrust.of(identity, new RevocationSet()));
    }

    /**
     * Client side: presents the node certificate and accepts only servers {@code trust} accepts.
     * Nodes are named by the node id in their certificate's URI SAN, not by a DNS name, so
     * Netty's default host name check (which would refuse every node certificate) is off; the
     * caller compares the server's node id with the one it meant to reach ({@link #peer}).
     */
    public static QuicSslContext client(FabricIdentity identity, FabricTrust trust) {
        return client(identity, trust, refused -> { });
    }

    public static QuicSslContext client(FabricIdentity identity, FabricTrust trust,
                                        Consumer<PeerRefusedException> refusals) {
        return QuicSslContextBuilder.forClient()
                .endpointIdentificationAlgorithm(null)
                .keyManager(identity.key(), null, identity.certificate())
                .trustManager(new FabricTrustManager(trust, refusals))
                .applicationProtocols(ALPN)
                .build();
    }

    /**
     * The node at the other end of an established connection, as its certificate names it (the
     * handshake already checked that certificate).
     *
     * @throws PeerRefusedException when the session holds no usable node certificate
     */
    public static NodeUri peer(QuicChannel connection) {
        return NodeUri.of(peerCertificate(connection)).orElseThrow(() -> new PeerRefusedException(
                PeerRefusedException.NO_NODE_IDENTITY, "the peer certificate names no node"));
    }

    /**
     * The certificate the other end of an established connection presented (the handshake
     * already checked it).
     *
     * @throws PeerRefusedException when the session holds none
     */
    static X509Certificate peerCertificate(QuicChannel connection) {
        try {
            Certificate[] chain = connection.sslEngine().getSession().getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate certificate) {
                return certificate;
            }
        } catch (SSLPeerUnverifiedException e) {
            // fall through: no verified peer
        }
        throw new PeerRefusedException(PeerRefusedException.NO_NODE_IDENTITY, "the peer presented no certificate");
    }
}
