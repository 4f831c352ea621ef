package io.rap.fabric.agent.fabric;

import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fabric node's echo service on 127.0.0.1 with real TLS: who gets an echo and who does not. */
@Timeout(60)
class EchoServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final FabricLoop loop = new FabricLoop();
    private TestCa cluster;
    private FabricNode server;
    private InetSocketAddress address;

    @BeforeEach
    void start() throws Exception {
        cluster = new TestCa("Test Cluster CA");
        server = FabricNode.start(loop.group(), cluster.node(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                FabricNode.Options.defaults());
        address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.localAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.close();
        loop.close();
    }

    @Test
    void peerOfTheSameClusterGetsItsBytesBack() throws Exception {
        byte[] payload = new byte[100_000];
        new Random(7).nextBytes(payload);

        byte[] echoed = EchoClient.echo(loop.group(), FabricTls.client(cluster.node()), address, payload, TIMEOUT)
                .get(10, TimeUnit.SECONDS);

        assertThat(echoed).isEqualTo(payload);
        assertThat(server.isOpen()).isTrue();
    }

    @Test
    void clientWithoutCertificateIsRefused() throws Exception {
        QuicSslContext anonymous = QuicSslContextBuilder.forClient().endpointIdentificationAlgorithm(null)
                .trustManager(cluster.certificate)
                .applicationProtocols(FabricTls.ALPN)
                .build();

        assertRefused(anonymous);
    }

    @Test
    void clientOfAnotherClusterIsRefused() throws Exception {
        FabricIdentity stranger = new TestCa("Other Cluster CA").node();
        // It even trusts our CA: only its own certificate is wrong.
        QuicSslContext tls = QuicSslContextBuilder.forClient().endpointIdentificationAlgorithm(null)
                .keyManager(stranger.key(), null, stranger.certificate())
                .trustManager(cluster.certificate)
                .applicationProtocols(FabricTls.ALPN)
                .build();

        assertRefused(tls);
    }

    @Test
    void clientSpeakingAnotherProtocolIsRefused() throws Exception {
        FabricIdentity peer = cluster.node();
        QuicSslContext tls = QuicSslContextBuilder.forClient().endpointIdentificationAlgorithm(null)
                .keyManager(peer.key(), null, peer.certificate())
                .trustManager(cluster.certificate)
                .applicationProtocols("h3")
                .build();

        assertRefused(tls);
    }

    @Test
    void serverOfAnotherClusterIsNotTrusted() throws Exception {
        FabricIdentity stranger = new TestCa("Other Cluster CA").node();

        assertThatThrownBy(() -> EchoClient.echo(loop.group(), FabricTls.client(stranger), address,
                "hello".getBytes(StandardCharsets.UTF_8), TIMEOUT).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);
    }

    @Test
    void aTakenPortIsAClearError() {
        assertThatThrownBy(() -> FabricNode.start(loop.group(), cluster.node(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), address.getPort()), FabricNode.Options.defaults()))
                .isInstanceOf(FabricException.class)
                .hasMessageContaining("cannot bind UDP port " + address.getPort());
    }

    private void assertRefused(QuicSslContext tls) {
        assertThatThrownBy(() -> EchoClient.echo(loop.group(), tls, address, "hello".getBytes(StandardCharsets.UTF_8),
                TIMEOUT).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);
        assertThat(server.isOpen()).as("a refused client does not harm the server").isTrue();
    }
}
