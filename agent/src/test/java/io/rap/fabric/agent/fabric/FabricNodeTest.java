package io.rap.fabric.agent.fabric;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.rap.fabric.protocol.LinkReport;
import io.rap.fabric.protocol.NodeUri;
import io.rap.fabric.protocol.OriginAssertion;
import io.rap.fabric.protocol.OriginAssertionException;
import io.rap.fabric.protocol.OriginAssertions;
import io.rap.fabric.protocol.PeerPolicy;
import io.rap.fabric.protocol.SnapshotPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Four fabric nodes of one cluster on 127.0.0.1 (port 0, real QUIC and TLS): origin A, relays
 * R1 and R2, destination D. Direct and relayed echo, origin assertions and datagrams against a
 * malicious relay, revocation in both directions, fallback when a relay dies, and a start from
 * the saved route cache.
 */
@Timeout(120)
class FabricNodeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final byte[] HELLO = "hello fabric".getBytes(StandardCharsets.UTF_8);

    private final FabricLoop loop = new FabricLoop();
    private final List<FabricNode> nodes = new ArrayList<>();
    private TestCa cluster;
    private FabricIdentity aId;
    private FabricIdentity r1Id;
    private FabricIdentity dId;
    private FabricNode a;
    private FabricNode r1;
    private FabricNode r2;
    private FabricNode d;

    @BeforeEach
    void start() throws Exception {
        cluster = new TestCa("Test Cluster CA");
        aId = cluster.node();
        r1Id = cluster.node();
        dId = cluster.node();
        a = node(aId, false);
        r1 = node(r1Id, true);
        r2 = node(cluster.node(), true);
        d = node(dId, false);
        r1.peers().update(List.of(peer(d, "service-host")));
        r2.peers().update(List.of(peer(d, "service-host")));
    }

    @AfterEach
    void stop() {
        nodes.forEach(FabricNode::close);
        loop.close();
    }

    private FabricNode node(FabricIdentity identity, boolean relaying) {
        return node(identity, FabricNode.Options.defaults().withRelaying(relaying));
    }

    private FabricNode node(FabricIdentity identity, FabricNode.Options options) {
        FabricNode node = FabricNode.start(loop.group(), identity, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                options);
        nodes.add(node);
        return node;
    }

    private static SnapshotPeer peer(FabricNode node, String role) {
        return new SnapshotPeer(node.nodeId(), "n-" + node.nodeId().toString().substring(0, 8), List.of("127.0.0.1"),
                node.localAddress().getPort(), List.of(role));
    }

    private static InetSocketAddress address(FabricNode node) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), node.localAddress().getPort());
    }

    private static byte[] get(java.util.concurrent.CompletableFuture<byte[]> echo) throws Exception {
        return echo.get(10, TimeUnit.SECONDS);
    }

    // --- direct and relayed

    @Test
    void echoOverTheDirectPathReachesTheDestinationAsTheOrigin() throws Exception {
        a.peers().update(List.of(peer(d, "service-host")));

        FabricNode.EchoResult result = a.echo(Route.direct(d.nodeId()), HELLO, TIMEOUT).get(10, TimeUnit.SECONDS);

        assertThat(result.echoed()).isEqualTo(HELLO);
        assertThat(d.streams().recent()).singleElement().satisfies(entry -> {
            assertThat(entry.refused()).isFalse();
            assertThat(entry.origin()).isEqualTo(a.nodeId());
            assertThat(entry.peer()).isEqualTo(a.nodeId());
        });
        assertThat(a.routeHealth().stats(Route.direct(d.nodeId())).orElseThrow().attempts()).isEqualTo(1);
    }

    @Test
    void echoThroughOneRelayRunsTheOriginsOwnConnectionThroughTheRelaysBinding() throws Exception {
        a.peers().update(List.of(peer(r1, "relay")));
        byte[] large = new byte[1_500_000];
        new Random(11).nextBytes(large);

        FabricNode.EchoResult result = a.echo(Route.via(r1.nodeId(), d.nodeId()), large, Duration.ofSeconds(10))
                .get(20, TimeUnit.SECONDS);

        assertThat(result.echoed()).isEqualTo(large);
        assertThat(d.streams().recent()).singleElement().satisfies(entry -> {
            assertThat(entry.origin()).as("proven by the assertion").isEqualTo(a.nodeId());
            assertThat(entry.peer()).as("and by the TLS handshake: the relay forwarded datagrams").isEqualTo(a.nodeId());
        });
        assertThat(r1.streams().recent()).singleElement().satisfies(e -> {
            assertThat(e.detail()).startsWith("forward to " + d.nodeId());
            assertThat(e.peer()).isEqualTo(a.nodeId());
        });
        RelayBindings.Stats stats = r1.bindings().stats();
        assertThat(stats.open()).isEqualTo(1);
        assertThat(stats.forwardedBytes()).as("both directions passed the binding").isGreaterThan(2L * large.length);

        a.close();
        nodes.remove(a);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (r1.bindings().stats().open() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(r1.bindings().stats().open()).as("the binding ends with the origin's connection").isZero();
    }

    @Test
    void theBindingEndsAsSoonAsTheConnectionThroughItCloses() throws Exception {
        a.peers().update(List.of(peer(r1, "relay")));
        var stream = a.openStream(Route.via(r1.nodeId(), d.nodeId()), FabricNode.ECHO,
                new io.netty.channel.ChannelInboundHandlerAdapter()).get(10, TimeUnit.SECONDS);
        assertThat(r1.bindings().stats().open()).isEqualTo(1);

        stream.parent().close().sync();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (r1.bindings().stats().open() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(r1.bindings().stats().open()).as("ended with the origin's side of its stream, not at the idle timeout")
                .isZero();
    }

    @Test
    void aNodeWithoutARelayRoleRefusesToRelay() throws Exception {
        a.peers().update(List.of(peer(d, "service-host")));
        d.peers().update(List.of(peer(r1, "relay")));

        long start = System.nanoTime();
        assertThatThrownBy(() -> a.echo(Route.via(d.nodeId(), r1.nodeId()), HELLO, TIMEOUT).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("refused to forward to node " + r1.nodeId() + ": relay_disabled: this node does not relay");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("refused, not timed out").isLessThan(TIMEOUT);
        assertThat(d.streams().refusals()).extracting(StreamLog.Entry::outcome).containsExactly("relay_disabled");
    }

    @Test
    void aRelayRefusesADestinationOutsideItsPeerTable() throws Exception {
        a.peers().update(List.of(peer(r1, "relay")));

        long start = System.nanoTime();
        assertThatThrownBy(() -> a.echo(Route.via(r1.nodeId(), UUID.randomUUID()), HELLO, TIMEOUT)
                .get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("refused to forward").hasMessageContaining(": relay_unknown_destination: node ");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("refused, not timed out").isLessThan(TIMEOUT);
        assertThat(r1.streams().refusals()).extracting(StreamLog.Entry::outcome)
                .containsExactly("relay_unknown_destination");
    }

    @Test
    void aRelayedConnectionOutlivesTheIdleTimeoutOfTheConnectionToTheRelay() throws Exception {
        // Short idle timeouts: without keep-alive the origin's connection to the relay, which
        // carries nothing but the binding's stream, would idle out and the relay end the binding.
        FabricTransport quick = FabricTransport.DEFAULT.withIdleTimeoutMillis(1500);
        // Options.defaults() each time: every node needs a peer table of its own.
        FabricNode origin = node(cluster.node(), FabricNode.Options.defaults().withTransport(quick));
        FabricNode relay = node(cluster.node(), FabricNode.Options.defaults().withTransport(quick).withRelaying(true));
        FabricNode destination = node(cluster.node(), FabricNode.Options.defaults().withTransport(quick));
        relay.peers().update(List.of(peer(destination, "service-host")));
        origin.peers().update(List.of(peer(relay, "relay")));
        java.util.concurrent.atomic.AtomicLong echoed = new java.util.concurrent.atomic.AtomicLong();
        var stream = origin.openStream(Route.via(relay.nodeId(), destination.nodeId()), FabricNode.ECHO,
                new io.netty.channel.ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                        echoed.addAndGet(((ByteBuf) msg).readableBytes());
                        ((ByteBuf) msg).release();
                    }
                }).get(10, TimeUnit.SECONDS);

        int writes = 0;
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(4500);
        while (System.nanoTime() < end) {
            stream.writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(HELLO)).sync();
            writes++;
            Thread.sleep(500);
        }
        Thread.sleep(300);

        assertThat(stream.isActive()).as("three idle timeouts of the relay connection later").isTrue();
        assertThat(echoed.get()).isEqualTo((long) writes * HELLO.length);
        assertThat(relay.bindings().stats().open()).isEqualTo(1);
    }

    // --- a malicious relay (R1's certificate, frames of its own making) talking to D on its own connection

    private byte[] relayedBy(FabricIdentity relay, byte[] header) throws Exception {
        return get(EchoClient.exchange(loop.group(), FabricTls.client(relay), address(d), header, HELLO, TIMEOUT));
    }

    private static byte[] assertionFrame(OriginAssertion assertion, FabricIdentity signer, FabricIdentity certificateOf) {
        ByteBuf frame = StreamHeader.assertion(ByteBufAllocator.DEFAULT, OriginAssertions.sign(assertion, signer.key(),
                certificateOf.certificate()).toBytes());
        try {
            return ByteBufUtil.getBytes(frame);
        } finally {
            frame.release();
        }
    }

    private OriginAssertion fromA(UUID destination, Instant at) {
        return OriginAssertions.create(aId.nodeUri(), destination, FabricNode.ECHO, at);
    }

    private void assertDRefused(byte[] header, String code) {
        assertThatThrownBy(() -> relayedBy(r1Id, header)).isInstanceOf(ExecutionException.class);
        assertThat(d.streams().refusals()).last().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(code);
            assertThat(e.peer()).isEqualTo(r1.nodeId());
        });
    }

    @Test
    void aRelayCannotSignForTheOrigin() {
        // Its own key, the origin's certificate (seen in an earlier assertion): the signature fails.
        assertDRefused(assertionFrame(fromA(d.nodeId(), Instant.now()), r1Id, aId), OriginAssertionException.BAD_SIGNATURE);
        // Its own key and certificate, claiming to be A: the certificate names someone else.
        assertDRefused(assertionFrame(fromA(d.nodeId(), Instant.now()), r1Id, r1Id),
                OriginAssertionException.IDENTITY_MISMATCH);
        assertThat(d.streams().recent()).noneMatch(e -> !e.refused());
    }

    @Test
    void aRelayCannotPresentTheOriginsAssertionOnItsOwnConnectionNorReplayIt() throws Exception {
        // Through a binding the relay sees only ciphertext; an assertion it got hold of otherwise
        // is still A's, and D takes A's assertions only from A's own connection.
        byte[] genuine = assertionFrame(fromA(d.nodeId(), Instant.now()), aId, aId);
        assertDRefused(genuine, StreamRouter.ORIGIN_NOT_PEER);

        assertDRefused(genuine, OriginAssertionException.REPLAYED);
        assertDRefused(assertionFrame(fromA(d.nodeId(), Instant.now().minusSeconds(120)), aId, aId),
                OriginAssertionException.STALE);
    }

    @Test
    void aForwarderSeesOnlyCiphertextAndOneThatAltersDatagramsGetsNothingAccepted() throws Exception {
        // A relay's binding sees exactly what this forwarder sees: the datagrams of the origin's
        // connection to the destination. The proxy stands in for a relay that records or alters them.
        byte[] marker = "PLAINTEXT-MARKER-the-relay-must-never-see-this".getBytes(StandardCharsets.US_ASCII);
        try (UdpProxy snooping = UdpProxy.start(address(d), false)) {
            a.peers().update(List.of(new SnapshotPeer(d.nodeId(), "d", List.of("127.0.0.1"), snooping.port(),
                    List.of("service-host"))));

            assertThat(a.echo(Route.direct(d.nodeId()), marker, TIMEOUT).get(10, TimeUnit.SECONDS).echoed())
                    .isEqualTo(marker);
            assertThat(snooping.datagrams()).as("datagrams seen").isGreaterThan(4);
            assertThat(snooping.sawBytes(marker)).as("the payload in clear text").isFalse();
            assertThat(snooping.sawBytes(aId.certificate().getEncoded())).as("A's certificate in clear text").isFalse();
        }
        int acceptedBefore = (int) d.streams().recent().stream().filter(e -> !e.refused()).count();
        try (UdpProxy tampering = UdpProxy.start(address(d), true)) {
            a.peers().update(List.of(new SnapshotPeer(d.nodeId(), "d", List.of("127.0.0.1"), tampering.port(),
                    List.of("service-host"))));
            FabricNode b = node(cluster.node(), false); // a fresh origin: no connection to reuse
            b.peers().update(a.peers().all());

            assertThatThrownBy(() -> b.echo(Route.direct(d.nodeId()), HELLO, Duration.ofSeconds(2))
                    .get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            assertThat(tampering.datagrams()).isPositive();
        }
        assertThat(d.streams().recent().stream().filter(e -> !e.refused()).count()).isEqualTo(acceptedBefore);
    }

    @Test
    void aRelayCannotRedirectAnAssertionToAnotherDestination() {
        assertDRefused(assertionFrame(fromA(r1.nodeId(), Instant.now()), aId, aId),
                OriginAssertionException.WRONG_DESTINATION);
    }

    @Test
    void anAssertionOfARevokedOriginIsRefused() {
        d.revocations().update(List.of(NodeUri.serialHex(aId.certificate())));

        assertDRefused(assertionFrame(fromA(d.nodeId(), Instant.now()), aId, aId), OriginAssertionException.REVOKED);
    }

    // --- revocation and identity in the handshake

    @Test
    void aRevokedClientIsRefusedByTheServer() {
        a.peers().update(List.of(peer(d, "service-host")));
        d.revocations().update(List.of(NodeUri.serialHex(aId.certificate())));

        assertThatThrownBy(() -> a.echo(Route.direct(d.nodeId()), HELLO, TIMEOUT).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);
        assertThat(d.streams().recent()).as("refused in the handshake, no stream got through")
                .extracting(StreamLog.Entry::outcome).containsOnly(PeerRefusedException.REVOKED);
        assertThat(d.streams().refusals()).allSatisfy(e -> assertThat(e.peer()).isEqualTo(a.nodeId()));
        assertThat(d.isOpen()).isTrue();
    }

    @Test
    void aClientRefusesARevokedServerAndExcludesItFromItsPeers() {
        a.peers().update(List.of(peer(d, "relay")));
        a.revocations().update(List.of(NodeUri.serialHex(dId.certificate())));

        assertThatThrownBy(() -> a.echo(Route.direct(d.nodeId()), HELLO, TIMEOUT).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);
        assertThat(d.streams().recent()).isEmpty();
        assertThat(a.streams().refusals()).extracting(StreamLog.Entry::outcome)
                .containsExactly(PeerRefusedException.REVOKED);
        assertThat(a.peerSets().excluded()).extracting(SnapshotPeer::nodeId).containsExactly(d.nodeId());
    }

    @Test
    void aPeerRevokedWhileConnectedIsCutOffOnBothSidesAndLosesItsBindings() throws Exception {
        a.peers().update(List.of(peer(d, "service-host"), peer(r1, "relay")));
        var direct = a.openStream(Route.direct(d.nodeId()), FabricNode.ECHO,
                new io.netty.channel.ChannelInboundHandlerAdapter()).get(10, TimeUnit.SECONDS);
        var relayed = a.openStream(Route.via(r1.nodeId(), d.nodeId()), FabricNode.ECHO,
                new io.netty.channel.ChannelInboundHandlerAdapter()).get(10, TimeUnit.SECONDS);
        assertThat(r1.bindings().stats().open()).isEqualTo(1);

        // The next snapshot at D and at the relay lists A's certificate as revoked.
        d.revocations().update(List.of(NodeUri.serialHex(aId.certificate())));
        r1.revocations().update(List.of(NodeUri.serialHex(aId.certificate())));

        assertThat(direct.parent().closeFuture().await(5, TimeUnit.SECONDS)).as("A's connection to D closed").isTrue();
        assertThat(relayed.parent().closeFuture().await(5, TimeUnit.SECONDS)).as("and the one through R1").isTrue();
        assertThat(r1.bindings().stats().open()).as("the binding ended at once, not at the next check").isZero();
        assertThat(d.streams().refusals()).extracting(StreamLog.Entry::outcome).contains(PeerRefusedException.REVOKED);
        assertThat(d.streams().refusals()).allSatisfy(e -> assertThat(e.peer()).isEqualTo(a.nodeId()));
    }

    @Test
    void aServerRevokedWhileConnectedIsCutOffByTheClient() throws Exception {
        a.peers().update(List.of(peer(d, "service-host")));
        var stream = a.openStream(Route.direct(d.nodeId()), FabricNode.ECHO,
                new io.netty.channel.ChannelInboundHandlerAdapter()).get(10, TimeUnit.SECONDS);

        a.revocations().update(List.of(NodeUri.serialHex(dId.certificate())));

        assertThat(stream.parent().closeFuture().await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(a.streams().refusals()).extracting(StreamLog.Entry::peer).containsExactly(d.nodeId());
    }

    @Test
    void theSnapshotsPeerPolicySizesThePeerSets() {
        List<SnapshotPeer> twelve = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            twelve.add(new SnapshotPeer(UUID.randomUUID(), "p" + i, List.of("127.0.0.1"), 1 + i, List.of("core-mesh")));
        }

        a.peers().update(twelve, PeerPolicy.THIN);
        assertThat(a.peerSets().active()).hasSize(PeerPolicy.THIN.activeMax());
        assertThat(a.peerSets().warm()).hasSize(PeerPolicy.THIN.warmMax());

        a.peers().update(twelve, PeerPolicy.CORE);
        assertThat(a.peerSets().active()).hasSize(12);

        a.peers().update(twelve, null);
        assertThat(a.peers().policy()).as("a snapshot without a policy: a normal node's").isEqualTo(PeerPolicy.NORMAL);
        assertThat(a.peerSets().active()).hasSize(PeerPolicy.NORMAL.activeMax());
    }

    @Test
    void aCertificateOfTheSameCaNamingAnotherClusterIsRefused() throws Exception {
        FabricIdentity foreign = cluster.node(UUID.randomUUID());
        // A client that checks only the CA, so that the refusal is the server's.
        var tls = io.netty.handler.codec.quic.QuicSslContextBuilder.forClient().endpointIdentificationAlgorithm(null)
                .keyManager(foreign.key(), null, foreign.certificate())
                .trustManager(cluster.certificate)
                .applicationProtocols(FabricTls.ALPN)
                .build();

        assertThatThrownBy(() -> get(EchoClient.echo(loop.group(), tls, address(d), HELLO, TIMEOUT)))
                .isInstanceOf(ExecutionException.class);
        assertThat(d.streams().recent()).extracting(StreamLog.Entry::outcome)
                .containsOnly(PeerRefusedException.FOREIGN_CLUSTER);
    }

    @Test
    void aServerAnsweringForAnotherNodeIsRefused() {
        // The peer table says D lives where R2 answers (a stale or hijacked address).
        a.peers().update(List.of(new SnapshotPeer(d.nodeId(), "d", List.of("127.0.0.1"), r2.localAddress().getPort(),
                List.of("service-host"))));

        assertThatThrownBy(() -> a.echo(Route.direct(d.nodeId()), HELLO, TIMEOUT).get(10, TimeUnit.SECONDS))
                .hasMessageContaining("not node " + d.nodeId());
    }

    // --- paths and fallback

    @Test
    void whenTheChosenRelayDiesTheNextEchoFallsBackToAnotherRelay() throws Exception {
        a.peers().update(List.of(peer(r1, "relay"), peer(r2, "core-mesh")));

        FabricNode.EchoResult first = a.echo(d.nodeId(), HELLO, Duration.ofMillis(1500)).get(10, TimeUnit.SECONDS);
        UUID chosen = first.route().via();
        assertThat(chosen).isIn(r1.nodeId(), r2.nodeId());
        FabricNode dead = chosen.equals(r1.nodeId()) ? r1 : r2;
        FabricNode other = dead == r1 ? r2 : r1;

        dead.close();
        nodes.remove(dead);
        long start = System.nanoTime();
        FabricNode.EchoResult second = a.echo(d.nodeId(), HELLO, Duration.ofMillis(1500)).get(10, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(second.echoed()).isEqualTo(HELLO);
        assertThat(second.route()).isEqualTo(Route.via(other.nodeId(), d.nodeId()));
        assertThat(took).isLessThan(Duration.ofSeconds(4));
        assertThat(a.routeHealth().stats(first.route()).orElseThrow().consecutiveFailures()).isEqualTo(1);

        FabricNode.EchoResult third = a.echo(d.nodeId(), HELLO, Duration.ofMillis(1500)).get(10, TimeUnit.SECONDS);
        assertThat(third.route()).as("the failed route is tried last now").isEqualTo(second.route());
        assertThat(a.linkReport().links()).hasSize(2)
                .anySatisfy(l -> assertThat(l.via()).isEqualTo(chosen))
                .anySatisfy(l -> assertThat(l.rttMedianMicros()).isNotNull());
    }

    @Test
    void theDirectPathIsPreferredAndARelayTakesOverWhenItFails() throws Exception {
        a.peers().update(List.of(peer(d, "service-host"), peer(r1, "relay")));

        assertThat(a.echo(d.nodeId(), HELLO, Duration.ofMillis(1500)).get(10, TimeUnit.SECONDS).route())
                .isEqualTo(Route.direct(d.nodeId()));

        // D now refuses A directly (e.g. a firewall in between): simulate with a wrong port for D.
        a.peers().update(List.of(new SnapshotPeer(d.nodeId(), "d", List.of("127.0.0.1"), r2.localAddress().getPort(),
                List.of("service-host")), peer(r1, "relay")));
        FabricNode.EchoResult fallback = a.echo(d.nodeId(), HELLO, Duration.ofMillis(1500)).get(10, TimeUnit.SECONDS);

        assertThat(fallback.route()).isEqualTo(Route.via(r1.nodeId(), d.nodeId()));
    }

    // --- starting from the saved route cache

    @Test
    void aNodeSeededFromTheRouteCacheTakesTheRelayThatWorkedForItsFirstEcho() throws Exception {
        a.peers().update(List.of(peer(r1, "relay"), peer(r2, "relay")));
        // 30 s ago: within FabricNode.FAILURE_MEMORY, older streaks no longer decide the order
        Instant before = Instant.now().minusSeconds(30);
        // Before the restart R1 was the faster relay to D, until it failed three times in a row; R2 worked.
        a.routeHealth().seed(List.of(
                new LinkReport.LinkHealth(d.nodeId(), r1.nodeId(), 10, 3, 200L, 400L, 3, before.minusSeconds(60), before),
                new LinkReport.LinkHealth(d.nodeId(), r2.nodeId(), 10, 0, 5_000L, 9_000L, 0, before, null)));

        FabricNode.EchoResult first = a.echo(d.nodeId(), HELLO, TIMEOUT).get(10, TimeUnit.SECONDS);

        assertThat(first.route()).isEqualTo(Route.via(r2.nodeId(), d.nodeId()));
        assertThat(first.echoed()).isEqualTo(HELLO);
        assertThat(r1.streams().recent()).as("R1 was not asked for a binding").isEmpty();
        assertThat(r2.streams().recent()).singleElement()
                .satisfies(e -> assertThat(e.detail()).startsWith("forward to " + d.nodeId()));
        assertThat(a.routeHealth().stats(first.route()).orElseThrow()).satisfies(s -> {
            assertThat(s.attempts()).as("the cached ten and this one").isEqualTo(11);
            assertThat(s.lastSuccessAt()).isAfter(before);
        });
        assertThat(a.routeHealth().stats(Route.via(r1.nodeId(), d.nodeId())).orElseThrow().consecutiveFailures())
                .as("untouched until it is tried").isEqualTo(3);
        assertThat(a.linkReport().links()).as("the link report holds what this node measured")
                .extracting(LinkReport.LinkHealth::via).containsExactly(r2.nodeId());
    }

    @Test
    void aFailureStreakKeepsAPeerOutOfTheActiveSetOnlyForAWhile() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-11-26T12:00:00Z"));
        FabricNode n = node(cluster.node(), new FabricNode.Options(false, RelayPorts.EPHEMERAL,
                FabricTransport.DEFAULT, new RevocationSet(), new PeerTable(), clock, new Random(1)));
        List<SnapshotPeer> mesh = fiveMeshPeers(n);
        UUID failing = mesh.get(0).nodeId();
        for (int i = 0; i < 3; i++) {
            n.routeHealth().failure(Route.direct(failing), clock.instant());
        }
        assertThat(n.peerSets().active()).extracting(PeerSelector.ScoredPeer::nodeId).doesNotContain(failing);

        clock.advance(FabricNode.FAILURE_MEMORY.plusSeconds(1));

        assertThat(n.peerSets().active()).as("given another chance, so that a probe measures it again")
                .extracting(PeerSelector.ScoredPeer::nodeId).contains(failing);
        n.routeHealth().failure(Route.direct(failing), clock.instant());
        assertThat(n.peerSets().active()).as("and out again while the new failure is recent")
                .extracting(PeerSelector.ScoredPeer::nodeId).doesNotContain(failing);
    }

    @Test
    void aPeerRefusedAsRevokedStaysExcludedAfterTheStreamLogForgotIt() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-11-26T12:00:00Z"));
        FabricNode n = node(cluster.node(), new FabricNode.Options(false, RelayPorts.EPHEMERAL,
                FabricTransport.DEFAULT, new RevocationSet(), new PeerTable(), clock, new Random(1)));
        List<SnapshotPeer> mesh = fiveMeshPeers(n);
        UUID revoked = mesh.get(0).nodeId();
        n.refused(PeerRefusedException.REVOKED, "the peer's certificate is revoked", revoked);
        for (int i = 0; i < 300; i++) {
            n.accepted(FabricNode.ECHO, mesh.get(1).nodeId(), mesh.get(1).nodeId()); // a busy node's log
        }
        assertThat(n.streams().refusals()).as("the log kept only the latest entries").isEmpty();

        clock.advance(FabricNode.FAILURE_MEMORY.multipliedBy(3));
        assertThat(n.peerSets().excluded()).extracting(SnapshotPeer::nodeId).containsExactly(revoked);

        clock.advance(FabricNode.REVOKED_MEMORY);
        assertThat(n.peerSets().excluded()).as("tried again: it may hold a new certificate by now").isEmpty();
    }

    /**
     * Gives {@code node} five mesh peers (not listening anywhere) under the normal policy, which
     * keeps up to five active: room for each of them whenever it is eligible.
     */
    private static List<SnapshotPeer> fiveMeshPeers(FabricNode node) {
        List<SnapshotPeer> mesh = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            mesh.add(new SnapshotPeer(UUID.randomUUID(), "p" + i, List.of("127.0.0.1"), 9, List.of("core-mesh")));
        }
        node.peers().update(mesh, PeerPolicy.NORMAL);
        return mesh;
    }

    /** A clock the test moves by hand. */
    private static final class MovableClock extends java.time.Clock {
        private Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aPeerTheCacheSaysFailedIsRankedBehindOnlyUntilItsFirstSuccess() throws Exception {
        a.peers().update(List.of(peer(d, "service-host"), peer(r1, "relay")), PeerPolicy.THIN);
        // failed 30 s ago: recent enough to keep it out of the active set (FabricNode.FAILURE_MEMORY)
        a.routeHealth().seed(List.of(new LinkReport.LinkHealth(d.nodeId(), null, 3, 3, null, null, 3, null,
                Instant.now().minusSeconds(30))));
        assertThat(a.peerSets().active()).extracting(PeerSelector.ScoredPeer::nodeId).containsExactly(r1.nodeId());
        assertThat(a.peerSets().warm()).extracting(PeerSelector.ScoredPeer::nodeId).containsExactly(d.nodeId());
        assertThat(a.routeHealth().seededFailures()).containsExactly(Route.direct(d.nodeId()));

        a.echo(Route.direct(d.nodeId()), HELLO, TIMEOUT).get(10, TimeUnit.SECONDS);

        assertThat(a.routeHealth().direct(d.nodeId()).orElseThrow().consecutiveFailures()).isZero();
        assertThat(a.peerSets().active()).extracting(PeerSelector.ScoredPeer::nodeId)
                .containsExactlyInAnyOrder(r1.nodeId(), d.nodeId());
        assertThat(a.routeHealth().seededFailures()).isEmpty();
    }

    @Test
    void aStoppedNodeHandsWhatItMeasuredToTheNextOne() throws Exception {
        RunningFabric running = new RunningFabric(Duration.ofSeconds(20));
        a.peers().update(List.of(peer(d, "service-host")));
        running.started(a);
        a.echo(Route.direct(d.nodeId()), HELLO, TIMEOUT).get(10, TimeUnit.SECONDS);

        running.stopped(r1);
        assertThat(running.lastRoutes()).as("not the registered node: nothing handed over").isEmpty();
        running.stopped(a);

        assertThat(running.lastRoutes()).isEqualTo(a.routeHealth().report()).singleElement()
                .satisfies(l -> assertThat(l.peer()).isEqualTo(d.nodeId()));
        RouteHealth next = new RouteHealth();
        next.seed(running.lastRoutes());
        assertThat(next.direct(d.nodeId())).isEqualTo(a.routeHealth().direct(d.nodeId()));
    }
}
