package io.rap.fabric.agent.fabric;

import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.ClientAuth;

/**
 * TLS 1.3 settings of the QUIC fabric: mutual authentication with cluster-issued
 * certificates, the cluster CA as the only trust, ALPN {@value #ALPN}.
 */
public final class FabricTls {

    /** The fabric's application protocol; a peer speaking anything else is refused in the handshake. */
    public static final String ALPN = "rap-fabric/1";

    private FabricTls() {
    }

    /** Server side: a client without a certificate of the cluster CA cannot complete the handshake. */
    public static QuicSslContext server(FabricIdentity identity) {
        return QuicSslContextBuilder.forServer(identity.key(), null, identity.certificate())
                .trustManager(identity.trustAnchorArray())
                .clientAuth(ClientAuth.REQUIRE)
                .applicationProtocols(ALPN)
                .build();
    }

    /**
     * Client side: presents the node certificate and accepts only servers of the same CA.
     * Nodes are named by the node id in their certificate's URI SAN, not by a DNS name, so
     * Netty's default host name check (which would refuse every node certificate) is off.
     */
    public static QuicSslContext client(FabricIdentity identity) {
        return QuicSslContextBuilder.forClient()
                .endpointIdentificationAlgorithm(null)
                .keyManager(identity.key(), null, identity.certificate())
                .trustManager(identity.trustAnchorArray())
                .applicationProtocols(ALPN)
                .build();
    }
}
