package io.rap.fabric.agent.fabric;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicChannelBootstrap;
import io.netty.handler.codec.quic.QuicChannelOption;
import io.netty.handler.codec.quic.SegmentedDatagramPacketAllocator;
import io.rap.fabric.agent.control.Backoff;
import io.rap.fabric.protocol.NodeUri;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Outgoing QUIC connections of this node, one per peer node, shared by all streams to it.
 * A connection is accepted only if the server's certificate names the node that was meant
 * (an address from the snapshot could be stale or taken over). After a failed connect, a
 * peer is retried only after an exponential backoff with jitter.
 */
final class PeerConnector implements AutoCloseable {

    private static final Duration BACKOFF_BASE = Duration.ofMillis(200);
    private static final Duration BACKOFF_CAP = Duration.ofSeconds(30);

    private final Channel udp;
    private final SegmentedDatagramPacketAllocator segmentation;
    private final Clock clock;
    private final Random jitter;
    private final Map<UUID, Peer> peers = new HashMap<>();
    private final Consumer<QuicChannel> established;

    /** @param established told of every connection this connector establishes */
    PeerConnector(Channel udp, SegmentedDatagramPacketAllocator segmentation, Clock clock, Random jitter,
                  Consumer<QuicChannel> established) {
        this.udp = udp;
        this.segmentation = segmentation;
        this.clock = clock;
        this.jitter = jitter;
        this.established = established;
    }

    private static final class Peer {
        CompletableFuture<QuicChannel> connection;
        InetSocketAddress address;
        Backoff backoff;
        Instant retryAt = Instant.MIN;
    }

    /** The open connection to {@code node}, or a new one to {@code address}. */
    synchronized CompletableFuture<QuicChannel> connect(UUID node, InetSocketAddress address) {
        Peer peer = peers.computeIfAbsent(node, n -> new Peer());
        CompletableFuture<QuicChannel> current = peer.connection;
        if (current != null && !address.equals(peer.address)) {
            // The snapshot moved the peer: the old connection goes to where it no longer is.
            current.thenAccept(Channel::close);
            current = null;
            peer.connection = null;
        }
        if (current != null && (!current.isDone() || usable(current))) {
            return current;
        }
        Instant now = clock.instant();
        if (now.isBefore(peer.retryAt)) {
            return CompletableFuture.failedFuture(new FabricException("peer " + node + " failed recently; next attempt in "
                    + Duration.between(now, peer.retryAt).toMillis() + " ms", null));
        }
        CompletableFuture<QuicChannel> attempt = new CompletableFuture<>();
        peer.connection = attempt;
        peer.address = address;
        dial(node, address).whenComplete((quic, error) -> {
            if (error != null) {
                failed(node, attempt, error instanceof Exception e ? e : new FabricException(error.getMessage(), error));
                return;
            }
            succeeded(node, attempt);
            quic.closeFuture().addListener(closed -> forget(node, attempt));
            attempt.complete(quic);
        });
        return attempt;
    }

    /**
     * A new connection to {@code address}, not shared and not retried, accepted only if the
     * server's certificate names {@code node}; fails with a {@link FabricException} or a
     * {@link PeerRefusedException}.
     */
    CompletableFuture<QuicChannel> dial(UUID node, InetSocketAddress address) {
        CompletableFuture<QuicChannel> result = new CompletableFuture<>();
        QuicChannelBootstrap bootstrap = QuicChannel.newBootstrap(udp)
                .handler(new ChannelInboundHandlerAdapter())
                .streamHandler(new ChannelInboundHandlerAdapter())
                .option(ChannelOption.ALLOCATOR, FabricTransport.allocator())
                .streamOption(ChannelOption.ALLOCATOR, FabricTransport.allocator())
                .remoteAddress(address);
        if (segmentation != null) {
            bootstrap.option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR, segmentation);
        }
        bootstrap.connect().addListener(done -> {
            if (!done.isSuccess()) {
                result.completeExceptionally(new FabricException("QUIC connection to " + node + " at " + address
                        + " failed: " + done.cause().getMessage(), done.cause()));
                return;
            }
            QuicChannel quic = (QuicChannel) done.getNow();
            try {
                NodeUri server = FabricTls.peer(quic);
                if (!server.nodeId().equals(node)) {
                    throw new PeerRefusedException(PeerRefusedException.WRONG_NODE, "the server at " + address
                            + " is " + server + ", not node " + node);
                }
            } catch (PeerRefusedException e) {
                quic.close();
                result.completeExceptionally(e);
                return;
            }
            established.accept(quic);
            result.complete(quic);
        });
        return result;
    }

    /** Closes the connection to {@code node} (e.g. after a timed-out stream), so the next use reconnects. */
    void drop(UUID node) {
        CompletableFuture<QuicChannel> connection;
        synchronized (this) {
            Peer peer = peers.get(node);
            if (peer == null || peer.connection == null) {
                return;
            }
            connection = peer.connection;
            peer.connection = null;
        }
        // Outside the lock: closing runs the connection's close listeners at once.
        connection.thenAccept(Channel::close);
    }

    static boolean usable(CompletableFuture<QuicChannel> connection) {
        return !connection.isCompletedExceptionally() && connection.join().isActive();
    }

    private synchronized void succeeded(UUID node, CompletableFuture<QuicChannel> attempt) {
        Peer peer = peers.get(node);
        if (peer != null && peer.backoff != null) {
            peer.backoff.reset();
        }
    }

    private void failed(UUID node, CompletableFuture<QuicChannel> attempt, Exception cause) {
        synchronized (this) {
            Peer peer = peers.get(node);
            if (peer != null && peer.connection == attempt) {
                if (peer.backoff == null) {
                    peer.backoff = new Backoff(BACKOFF_BASE, BACKOFF_CAP, jitter);
                }
                peer.retryAt = clock.instant().plus(peer.backoff.nextDelay());
                peer.connection = null;
            }
        }
        attempt.completeExceptionally(cause);
    }

    private synchronized void forget(UUID node, CompletableFuture<QuicChannel> attempt) {
        Peer peer = peers.get(node);
        if (peer != null && peer.connection == attempt) {
            peer.connection = null;
        }
    }

    @Override
    public void close() {
        java.util.List<CompletableFuture<QuicChannel>> open = new java.util.ArrayList<>();
        synchronized (this) {
            peers.values().forEach(p -> {
                if (p.connection != null) {
                    open.add(p.connection);
                }
            });
            peers.clear();
        }
        open.forEach(c -> c.thenAccept(Channel::close));
    }
}
