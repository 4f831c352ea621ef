package io.rap.fabric.agent.fabric;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicChannelOption;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.codec.quic.SegmentedDatagramPacketAllocator;
import io.rap.fabric.protocol.LinkReport;
import io.rap.fabric.protocol.NodeUri;
import io.rap.fabric.protocol.OriginAssertions;
import io.rap.fabric.protocol.ReplayCache;
import io.rap.fabric.protocol.SnapshotPeer;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One node on the QUIC fabric: a listener on the fabric port that serves {@code synthetic.echo}
 * and {@code synthetic.bulk} to verified origins and, on a relay, forwards other nodes'
 * datagrams ({@link RelayBindings}), plus the outgoing side that opens streams direct or through
 * a relay, chooses paths and falls back when one fails. The signed snapshot feeds {@link #peers()} (with the peer policy) and
 * {@link #revocations()}; before the first one they are empty, and this node reaches nobody.
 *
 * <p>A relay never terminates the QUIC connection it carries: the origin's connection, mutual
 * TLS included, reaches the destination through the relay's binding, so the destination sees the
 * origin's own certificate, and the relay only ciphertext. Every stream still starts with the
 * origin's signed assertion (origin, destination, intent, time, nonce), which the destination
 * verifies against the cluster CA, the revocation list and its replay cache, and which must name
 * the connection's own peer.
 */
public final class FabricNode implements AutoCloseable {

    public static final String ECHO = "synthetic.echo";
    /** Routes one echo may try before it fails. */
    static final int MAX_ROUTES = 3;
    private static final int REPLAY_CACHE_CAPACITY = 100_000;
    /**
     * How long a failure streak keeps a peer out of the active set, and a route behind the others,
     * after its last failure: only active peers are probed, so a peer that recovered would otherwise
     * never be measured again. Its next probe (direct, since the route is no longer put behind)
     * ends the streak or renews it.
     */
    static final Duration FAILURE_MEMORY = Duration.ofMinutes(2);
    /** How long a peer refused as revoked stays excluded without another refusal (a new certificate may replace the revoked one). */
    static final Duration REVOKED_MEMORY = Duration.ofMinutes(15);

    private final FabricIdentity identity;
    private final NodeUri self;
    private final FabricTrust trust;
    private final boolean relaying;
    private final Clock clock;
    private final PeerTable peers;
    private final RouteHealth health = new RouteHealth();
    private final StreamLog streams = new StreamLog();
    private final ReplayCache replays = new ReplayCache(OriginAssertions.WINDOW, REPLAY_CACHE_CAPACITY);
    private final Channel server;
    private final Channel client;
    private final PeerConnector connector;
    private final ForwardedConnections forwarded;
    private final RelayBindings bindings;
    private final FabricTransport transport;
    /** Every established QUIC connection, both directions, for ending those of peers revoked later. */
    private final ChannelGroup connections;
    private final Runnable onRevocation = this::endRevoked;
    /** Peers refused as revoked, and when last: excluded from the peer sets meanwhile. */
    private final Map<UUID, Instant> revokedPeers = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param relaying    whether this node forwards streams for others (its role is relay or core-mesh)
     * @param revocations the set the snapshot updates; shared, read at every handshake
     * @param peers       the peer table the snapshot updates; shared
     */
    public record Options(boolean relaying, RelayPorts relayPorts, FabricTransport transport,
                          RevocationSet revocations, PeerTable peers, Clock clock, Random jitter) {
        public static Options defaults() {
            return new Options(false, RelayPorts.EPHEMERAL, FabricTransport.DEFAULT, new RevocationSet(),
                    new PeerTable(), Clock.systemUTC(), new Random());
        }

        public Options withRelaying(boolean relay) {
            return new Options(relay, relayPorts, transport, revocations, peers, clock, jitter);
        }

        /** The UDP ports a relaying node opens its forwarding bindings on. */
        public Options withRelayPorts(RelayPorts ports) {
            return new Options(relaying, ports, transport, revocations, peers, clock, jitter);
        }

        public Options withTransport(FabricTransport value) {
            return new Options(relaying, relayPorts, value, revocations, peers, clock, jitter);
        }

        /** Shares the snapshot-fed revocation set and peer table with whoever updates them. */
        public Options withDirectory(RevocationSet revocationSet, PeerTable peerTable) {
            return new Options(relaying, relayPorts, transport, revocationSet, peerTable, clock, jitter);
        }
    }

    private FabricNode(FabricIdentity identity, Options options, Channel server, Channel client,
                       PeerConnector connector, RelayBindings bindings, FabricTrust trust, ChannelGroup connections) {
        this.identity = identity;
        this.self = identity.nodeUri();
        this.trust = trust;
        this.relaying = options.relaying();
        this.peers = options.peers();
        this.clock = options.clock();
        this.server = server;
        this.client = client;
        this.connector = connector;
        this.forwarded = new ForwardedConnections(connector, options.transport().idleTimeoutMillis());
        this.bindings = bindings;
        this.transport = options.transport();
        this.connections = connections;
        trust.revocations().addListener(onRevocation);
    }

    /**
     * Binds the fabric port and a client socket; waits for both, so call it from a thread that is
     * not an event loop.
     *
     * @throws FabricException when the port cannot be bound (e.g. in use)
     */
    public static FabricNode start(EventLoopGroup group, FabricIdentity identity, InetSocketAddress bind,
                                   Options options) {
        FabricTrust trust = FabricTrust.of(identity, options.revocations());
        FabricTransport transport = options.transport();
        SegmentedDatagramPacketAllocator segmentation = transport.segmentation(group);
        FabricNode[] node = new FabricNode[1];
        ChannelGroup connections = new DefaultChannelGroup("fabric-connections", group.next());
        // Handshake refusals are recorded once the node exists (none can happen before it binds).
        Consumer<PeerRefusedException> refusals = e -> {
            if (node[0] != null) {
                node[0].refused(e.code(), e.getMessage(), e.nodeId());
            }
        };
        QuicServerCodecBuilder serverCodec = transport.configure(new QuicServerCodecBuilder())
                .sslContext(FabricTls.server(identity, trust, refusals))
                // No token handler: Netty's default sends no Retry; quiche's anti-amplification
                // limit still applies until the client's address is validated by the handshake.
                .handler(new ConnectionHandler(quic -> {
                    if (node[0] != null) {
                        node[0].track(quic);
                    } else {
                        connections.add(quic); // before the node exists no revocation update can run
                    }
                }))
                .option(ChannelOption.ALLOCATOR, FabricTransport.allocator())
                .streamOption(ChannelOption.ALLOCATOR, FabricTransport.allocator())
                .streamOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .streamOption(ChannelOption.WRITE_BUFFER_WATER_MARK, transport.streamWaterMark())
                .streamHandler(new ChannelInitializer<QuicStreamChannel>() {
                    @Override
                    protected void initChannel(QuicStreamChannel stream) {
                        stream.pipeline()
                                .addLast("header", new StreamHeaderDecoder())
                                .addLast("router", new StreamRouter(node[0]));
                    }
                });
        if (segmentation != null) {
            serverCodec.option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR, segmentation);
        }
        ChannelHandler clientCodec = transport.configure(new QuicClientCodecBuilder())
                .sslContext(FabricTls.client(identity, trust, refusals))
                .build();
        Channel server;
        try {
            server = transport.configure(new Bootstrap().group(group).channel(FabricLoop.datagramChannel(group)), group)
                    .handler(udpPipeline(serverCodec.build())).bind(bind).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FabricException("interrupted while binding UDP " + describe(bind), e);
        } catch (Exception e) {
            throw new FabricException("cannot bind UDP " + describe(bind) + ": " + e.getMessage(), e);
        }
        Channel client;
        try {
            client = transport.configure(new Bootstrap().group(group).channel(FabricLoop.datagramChannel(group)), group)
                    .handler(udpPipeline(clientCodec)).bind(new InetSocketAddress(bind.getAddress(), 0)).sync().channel();
        } catch (Exception e) {
            server.close().syncUninterruptibly();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new FabricException("cannot open the fabric's client UDP socket: " + e.getMessage(), e);
        }
        PeerConnector connector = new PeerConnector(client, segmentation, options.clock(), options.jitter(),
                quic -> node[0].track(quic));
        RelayBindings bindings = new RelayBindings(group, transport, bind.getAddress(), options.relayPorts(),
                options.revocations());
        node[0] = new FabricNode(identity, options, server, client, connector, bindings, trust, connections);
        return node[0];
    }

    /** One initializer, named handlers: the QUIC codec, then what ends socket errors. */
    static ChannelHandler udpPipeline(ChannelHandler quicCodec) {
        return new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel udp) {
                udp.pipeline().addLast("quic", quicCodec).addLast("socket-closed", SocketClosedHandler.INSTANCE);
            }
        };
    }

    public UUID nodeId() {
        return self.nodeId();
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    /**
     * The UDP receive buffer the kernel granted the fabric port (Linux reports twice the size it
     * accepted, capped by {@code net.core.rmem_max}): far below {@link FabricTransport#socketBuffer()}
     * means the host's limit needs raising (docs/agent.md).
     */
    public int receiveBufferSize() {
        return server.config().getOption(ChannelOption.SO_RCVBUF);
    }

    public boolean isOpen() {
        return server.isActive();
    }

    /** The peers this node may reach; the snapshot replaces them. */
    public PeerTable peers() {
        return peers;
    }

    public RevocationSet revocations() {
        return trust.revocations();
    }

    public RouteHealth routeHealth() {
        return health;
    }

    /** Streams accepted and refused lately, with the origin or the reason. */
    public StreamLog streams() {
        return streams;
    }

    /** The active, warm and cold sets as of now, from the peer table, the policy and what was measured. */
    public PeerSelector.PeerSets peerSets() {
        Map<UUID, PeerSelector.PeerStats> stats = new HashMap<>();
        Instant now = clock.instant();
        Instant forgiven = now.minus(FAILURE_MEMORY);
        for (SnapshotPeer peer : peers.all()) {
            health.direct(peer.nodeId()).ifPresent(s -> stats.put(peer.nodeId(), new PeerSelector.PeerStats(
                    s.rttMedianMicros(), s.loss(), s.recentFailures(forgiven), null, false)));
        }
        Instant revokedSince = now.minus(REVOKED_MEMORY);
        revokedPeers.entrySet().removeIf(e -> e.getValue().isBefore(revokedSince));
        revokedPeers.keySet().forEach(peer -> stats.put(peer, new PeerSelector.PeerStats(null, 1, 0, null, true)));
        return PeerSelector.select(peers.all(), peers.policy(), stats, self.nodeId());
    }

    /** Route health in the shape of the control plane's link inventory ({@code POST /nodes/{id}/links}). */
    public LinkReport linkReport() {
        return new LinkReport(self.clusterId(), self.nodeId(), clock.instant(), health.report());
    }

    /**
     * Opens a stream to {@code route.destination()} for {@code intent} and answers with it, ready
     * for the payload, once the signed origin assertion is written. The connection is this node's
     * own QUIC connection to the destination either way: direct (shared by the streams to that
     * node), or through a forwarding binding on the route's relay (see {@link ForwardedConnections}).
     */
    public CompletableFuture<QuicStreamChannel> openStream(Route route, String intent, ChannelHandler handler) {
        var address = peers.address(route.firstHop());
        if (address.isEmpty()) {
            return CompletableFuture.failedFuture(new FabricException("no address for node " + route.firstHop(), null));
        }
        byte[] assertion = OriginAssertions.sign(OriginAssertions.create(self, route.destination(), intent,
                clock.instant()), identity.key(), identity.certificate()).toBytes();
        CompletableFuture<QuicStreamChannel> result = new CompletableFuture<>();
        CompletableFuture<QuicChannel> connection = route.isDirect()
                ? connector.connect(route.destination(), address.get())
                : forwarded.connect(route, address.get());
        connection.whenComplete((quic, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
                return;
            }
            quic.newStreamBootstrap().type(QuicStreamType.BIDIRECTIONAL)
                    .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, transport.streamWaterMark())
                    .option(ChannelOption.ALLOCATOR, FabricTransport.allocator())
                    .handler(handler)
                    .create().addListener(created -> {
                        if (!created.isSuccess()) {
                            result.completeExceptionally(new FabricException("cannot open a stream " + route,
                                    created.cause()));
                            return;
                        }
                        QuicStreamChannel stream = (QuicStreamChannel) created.getNow();
                        stream.write(StreamHeader.assertion(stream.alloc(), assertion), stream.voidPromise());
                        result.complete(stream);
                    });
        });
        return result;
    }

    /** One echo over {@code route}; the outcome and round trip go into {@link #routeHealth()}. */
    public CompletableFuture<EchoResult> echo(Route route, byte[] payload, Duration timeout) {
        long start = System.nanoTime();
        CompletableFuture<byte[]> echoed = new CompletableFuture<>();
        openStream(route, ECHO, new EchoCollector(payload.length, echoed)).whenComplete((stream, error) -> {
            if (error != null) {
                echoed.completeExceptionally(error);
                return;
            }
            echoed.whenComplete((r, e) -> stream.close());
            stream.writeAndFlush(Unpooled.wrappedBuffer(payload)).addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
        });
        var timer = client.eventLoop().schedule(() -> echoed.completeExceptionally(new TimeoutException(
                "no echo " + route + " within " + timeout.toMillis() + " ms")), timeout.toMillis(), TimeUnit.MILLISECONDS);
        return echoed.handle((bytes, error) -> {
            timer.cancel(false);
            Instant now = clock.instant();
            if (error == null && java.util.Arrays.equals(bytes, payload)) {
                long micros = (System.nanoTime() - start) / 1000;
                health.success(route, micros, now);
                return new EchoResult(route, bytes, micros);
            }
            health.failure(route, now);
            if (error instanceof TimeoutException || error != null && error.getCause() instanceof TimeoutException) {
                // A connection that lets a stream time out is presumed dead: the next use reconnects.
                // Through a relay that is the connection through the binding (with a new binding
                // next time); the connection to the relay too only if no binding was established,
                // since it carries the other routes through that relay.
                if (route.isDirect()) {
                    connector.drop(route.destination());
                } else if (!forwarded.drop(route)) {
                    connector.drop(route.via());
                }
            }
            throw new FabricException("echo " + route + " failed: " + (error == null ? "the echo differed"
                    : rootMessage(error)), error);
        });
    }

    /**
     * One echo to {@code destination}, trying up to {@value #MAX_ROUTES} routes in the order of
     * {@link PathPlanner} (direct first while it works, then relays of the active and warm sets)
     * until one answers; each try may take {@code attemptTimeout}.
     */
    public CompletableFuture<EchoResult> echo(UUID destination, byte[] payload, Duration attemptTimeout) {
        PeerSelector.PeerSets sets = peerSets();
        List<SnapshotPeer> relays = new ArrayList<>();
        sets.active().forEach(p -> relays.add(p.peer()));
        sets.warm().forEach(p -> relays.add(p.peer()));
        List<Route> routes = PathPlanner.plan(destination, peers.address(destination).isPresent(), relays, health,
                MAX_ROUTES, clock.instant().minus(FAILURE_MEMORY));
        if (routes.isEmpty()) {
            return CompletableFuture.failedFuture(new FabricException("no route to node " + destination, null));
        }
        return attempt(routes, 0, payload, attemptTimeout, new ArrayList<>());
    }

    private CompletableFuture<EchoResult> attempt(List<Route> routes, int index, byte[] payload, Duration timeout,
                                                  List<String> failures) {
        return echo(routes.get(index), payload, timeout).handle((result, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(result);
            }
            failures.add(rootMessage(error));
            if (index + 1 >= routes.size()) {
                return CompletableFuture.<EchoResult>failedFuture(new FabricException(
                        "every route failed: " + String.join("; ", failures), error));
            }
            return attempt(routes, index + 1, payload, timeout, failures);
        }).thenCompose(f -> f);
    }

    /** @param rttMicros from opening the stream to the last echoed byte */
    public record EchoResult(Route route, byte[] echoed, long rttMicros) {
    }

    @Override
    public void close() {
        trust.revocations().removeListener(onRevocation);
        forwarded.close();
        bindings.close();
        connector.close();
        client.close().syncUninterruptibly();
        server.close().syncUninterruptibly();
    }

    // --- for the stream handlers

    FabricTrust trust() {
        return trust;
    }

    ReplayCache replays() {
        return replays;
    }

    Clock clock() {
        return clock;
    }

    boolean relaying() {
        return relaying;
    }

    RelayBindings bindings() {
        return bindings;
    }

    void refused(String code, String detail, UUID peer) {
        Instant now = clock.instant();
        streams.add(new StreamLog.Entry(now, code, detail, peer, null));
        if (peer != null && PeerRefusedException.REVOKED.equals(code)) {
            revokedPeers.put(peer, now);
        }
    }

    void accepted(String intent, UUID peer, UUID origin) {
        streams.add(new StreamLog.Entry(clock.instant(), StreamLog.ACCEPTED, intent, peer, origin));
    }

    private static String rootMessage(Throwable error) {
        Throwable t = error;
        while ((t instanceof java.util.concurrent.CompletionException || t.getMessage() == null) && t.getCause() != null) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    private static String describe(InetSocketAddress address) {
        return "port " + address.getPort() + (address.getAddress().isAnyLocalAddress() ? "" : " on " + address.getHostString());
    }

    /**
     * After a revocation update: closes the established connections whose peer is now revoked
     * (the handshake refuses them from then on, but a connection made before stays open
     * otherwise) and the relay bindings such peers hold.
     */
    private void endRevoked() {
        for (Channel channel : connections) {
            if (channel instanceof QuicChannel quic) {
                closeIfRevoked(quic);
            }
        }
        bindings.endRevoked();
    }

    /**
     * Adds an established connection to those checked at every revocation update, and checks it
     * now too: an update that ran between its handshake and this call would have missed it.
     */
    void track(QuicChannel connection) {
        connections.add(connection);
        closeIfRevoked(connection);
    }

    private void closeIfRevoked(QuicChannel quic) {
        if (!quic.isActive()) {
            return;
        }
        try {
            if (trust.revocations().isRevoked(NodeUri.serialHex(FabricTls.peerCertificate(quic)))) {
                refused(PeerRefusedException.REVOKED, "connection closed: the peer's certificate was revoked",
                        FabricTls.peer(quic).nodeId());
                quic.close();
            }
        } catch (PeerRefusedException e) {
            quic.close(); // no usable certificate: cannot happen after a handshake
        }
    }

    /** Hands each established incoming connection to the revocation checks, and closes one that failed. */
    @ChannelHandler.Sharable // one per node, on every connection
    private static final class ConnectionHandler extends ChannelInboundHandlerAdapter {
        private final Consumer<QuicChannel> established;

        ConnectionHandler(Consumer<QuicChannel> established) {
            this.established = established;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            established.accept((QuicChannel) ctx.channel());
            ctx.fireChannelActive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
