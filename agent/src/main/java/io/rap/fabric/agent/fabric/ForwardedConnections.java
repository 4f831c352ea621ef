package io.rap.fabric.agent.fabric;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The origin's side of relayed routes. For a route to a destination through a relay, this node
 * asks the relay for a forwarding binding ({@code FORWARD} on a stream of its connection to the
 * relay), then opens its own QUIC connection — mutual TLS with the destination's certificate
 * checked, like a direct one — to the binding's port on the relay. One such connection per route,
 * reused while it lives; it and the binding's stream end together.
 */
final class ForwardedConnections implements AutoCloseable {

    private final PeerConnector connector;
    private final Map<Route, CompletableFuture<QuicChannel>> connections = new HashMap<>();

    ForwardedConnections(PeerConnector connector) {
        this.connector = connector;
    }

    /** The open connection for {@code route} (through a relay), or a new one through the relay at {@code relayAddress}. */
    synchronized CompletableFuture<QuicChannel> connect(Route route, InetSocketAddress relayAddress) {
        CompletableFuture<QuicChannel> current = connections.get(route);
        if (current != null && (!current.isDone() || PeerConnector.usable(current))) {
            return current;
        }
        CompletableFuture<QuicChannel> attempt = new CompletableFuture<>();
        connections.put(route, attempt);
        connector.connect(route.via(), relayAddress)
                .thenCompose(relay -> requestBinding(relay, route))
                .whenComplete((binding, error) -> {
                    if (error != null) {
                        fail(route, attempt, error);
                        return;
                    }
                    InetSocketAddress through = new InetSocketAddress(relayAddress.getAddress(), binding.port());
                    connector.dial(route.destination(), through).whenComplete((quic, dialError) -> {
                        if (dialError != null) {
                            binding.stream().close();
                            fail(route, attempt, dialError);
                            return;
                        }
                        // Either end closes the other: no binding without its connection, and back.
                        quic.closeFuture().addListener(f -> binding.stream().close());
                        binding.stream().closeFuture().addListener(f -> quic.close());
                        quic.closeFuture().addListener(f -> forget(route, attempt));
                        attempt.complete(quic);
                    });
                });
        return attempt;
    }

    /** Closes the connection of {@code route} (and so its binding), so that the next use starts over. */
    synchronized void drop(Route route) {
        CompletableFuture<QuicChannel> current = connections.remove(route);
        if (current != null) {
            current.thenAccept(Channel::close);
        }
    }

    private record Binding(QuicStreamChannel stream, int port) {
    }

    private static CompletableFuture<Binding> requestBinding(QuicChannel relay, Route route) {
        CompletableFuture<Binding> result = new CompletableFuture<>();
        relay.newStreamBootstrap().type(QuicStreamType.BIDIRECTIONAL)
                .option(ChannelOption.ALLOCATOR, FabricTransport.allocator())
                .handler(new Answer(route, result))
                .create().addListener(created -> {
                    if (!created.isSuccess()) {
                        result.completeExceptionally(new FabricException("cannot open a stream to relay " + route.via(),
                                created.cause()));
                        return;
                    }
                    QuicStreamChannel stream = (QuicStreamChannel) created.getNow();
                    stream.writeAndFlush(StreamHeader.forward(stream.alloc(), route.destination()));
                });
        return result;
    }

    /** Reads the relay's {@code FORWARDING} answer; a stream that ends without one was refused. */
    private static final class Answer extends ChannelInboundHandlerAdapter {
        private final Route route;
        private final CompletableFuture<Binding> result;
        private ByteBuf received;

        Answer(Route route, CompletableFuture<Binding> result) {
            this.route = route;
            this.result = result;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                if (result.isDone()) {
                    return; // the relay sends nothing after its answer
                }
                if (received == null) {
                    received = ctx.alloc().buffer(5);
                }
                received.writeBytes(buf, Math.min(buf.readableBytes(), 5 - received.readableBytes()));
                if (received.readableBytes() < 5) {
                    return;
                }
                int type = received.readUnsignedByte();
                int length = received.readUnsignedShort();
                int port = received.readUnsignedShort();
                if (type != StreamHeader.FORWARDING || length != 2 || port == 0) {
                    result.completeExceptionally(new FabricException("relay " + route.via()
                            + " answered the forwarding request with something else", null));
                    ctx.close();
                    return;
                }
                result.complete(new Binding((QuicStreamChannel) ctx.channel(), port));
            } finally {
                buf.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            release();
            result.completeExceptionally(new FabricException("relay " + route.via() + " refused to forward to node "
                    + route.destination(), null));
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.completeExceptionally(new FabricException("relay " + route.via() + " refused to forward to node "
                    + route.destination() + ": " + cause.getMessage(), cause));
            ctx.close();
        }

        private void release() {
            if (received != null) {
                received.release();
                received = null;
            }
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            release();
        }
    }

    private void fail(Route route, CompletableFuture<QuicChannel> attempt, Throwable error) {
        forget(route, attempt);
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        attempt.completeExceptionally(cause);
    }

    private synchronized void forget(Route route, CompletableFuture<QuicChannel> attempt) {
        if (connections.get(route) == attempt) {
            connections.remove(route);
        }
    }

    @Override
    public synchronized void close() {
        connections.values().forEach(c -> c.thenAccept(Channel::close));
        connections.clear();
    }
}
