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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The origin's side of relayed routes. For a route to a destination through a relay, this node
 * asks the relay for a forwarding binding ({@code FORWARD} on a stream of its connection to the
 * relay), then opens its own QUIC connection — mutual TLS with the destination's certificate
 * checked, like a direct one — to the binding's port on the relay. One such connection per route,
 * reused while it lives; it and the binding's stream end together.
 */
final class ForwardedConnections implements AutoCloseable {

    private final PeerConnector connector;
    private final long keepAliveMillis;
    private final Map<Route, Forward> forwards = new HashMap<>();

    /**
     * @param idleTimeoutMillis the transport's; the binding's stream is kept alive at a third of
     *                          it, since the relay ends a binding whose stream's connection idles out
     */
    ForwardedConnections(PeerConnector connector, long idleTimeoutMillis) {
        this.connector = connector;
        this.keepAliveMillis = Math.max(1, idleTimeoutMillis / 3);
    }

    /** One route's connection through a binding, and the stream that holds the binding. */
    private static final class Forward {
        final CompletableFuture<QuicChannel> connection = new CompletableFuture<>();
        volatile QuicStreamChannel control;
        volatile boolean dropped;

        void close() {
            dropped = true;
            QuicStreamChannel stream = control;
            if (stream != null) {
                stream.close();
            }
            connection.thenAccept(Channel::close);
        }
    }

    /** The open connection for {@code route} (through a relay), or a new one through the relay at {@code relayAddress}. */
    CompletableFuture<QuicChannel> connect(Route route, InetSocketAddress relayAddress) {
        Forward forward;
        synchronized (this) {
            Forward current = forwards.get(route);
            if (current != null && (!current.connection.isDone() || PeerConnector.usable(current.connection))) {
                return current.connection;
            }
            forward = new Forward();
            forwards.put(route, forward);
        }
        // Outside the lock: the connector's callbacks may close channels whose listeners come back here.
        connector.connect(route.via(), relayAddress)
                .thenCompose(relay -> requestBinding(relay, route, forward))
                .whenComplete((binding, error) -> {
                    if (error != null) {
                        fail(route, forward, error);
                        return;
                    }
                    InetSocketAddress through = new InetSocketAddress(relayAddress.getAddress(), binding.port());
                    connector.dial(route.destination(), through).whenComplete((quic, dialError) -> {
                        if (dialError != null) {
                            binding.stream().close();
                            fail(route, forward, dialError);
                            return;
                        }
                        // Either end closes the other: no binding without its connection, and back.
                        quic.closeFuture().addListener(f -> binding.stream().close());
                        binding.stream().closeFuture().addListener(f -> quic.close());
                        quic.closeFuture().addListener(f -> forget(route, forward));
                        keepAlive(binding.stream());
                        if (forward.dropped) {
                            quic.close();
                        }
                        forward.connection.complete(quic);
                    });
                });
        return forward.connection;
    }

    /**
     * Closes the connection of {@code route} and its binding, or the attempt under way, so that
     * the next use starts over.
     *
     * @return whether a connection through the binding had been established (if not, the relay
     *         itself may be what failed)
     */
    boolean drop(Route route) {
        Forward forward;
        synchronized (this) {
            forward = forwards.remove(route);
        }
        if (forward == null) {
            return false;
        }
        boolean established = forward.connection.isDone() && !forward.connection.isCompletedExceptionally();
        forward.close();
        return established;
    }

    /**
     * A byte on the binding's stream every third of the idle timeout. Nothing else travels on that
     * stream, and the connection to the relay may carry nothing else either; if it idled out, the
     * relay would end the binding under a connection still in use. The relay discards these bytes.
     */
    private void keepAlive(QuicStreamChannel stream) {
        var beats = stream.eventLoop().scheduleAtFixedRate(() -> {
            if (stream.isActive()) {
                stream.writeAndFlush(stream.alloc().buffer(1).writeByte(0), stream.voidPromise());
            }
        }, keepAliveMillis, keepAliveMillis, TimeUnit.MILLISECONDS);
        stream.closeFuture().addListener(f -> beats.cancel(false));
    }

    private record Binding(QuicStreamChannel stream, int port) {
    }

    private static CompletableFuture<Binding> requestBinding(QuicChannel relay, Route route, Forward forward) {
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
                    forward.control = stream;
                    if (forward.dropped) {
                        stream.close();
                        return;
                    }
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
                    received = ctx.alloc().buffer(3 + StreamHeader.MAX_REFUSAL);
                }
                received.writeBytes(buf, Math.min(buf.readableBytes(), received.writableBytes()));
                if (received.readableBytes() < 3) {
                    return;
                }
                int type = received.getUnsignedByte(0);
                int length = received.getUnsignedShort(1);
                if (length > StreamHeader.MAX_REFUSAL) {
                    fail(ctx, "relay " + route.via() + " answered the forwarding request with something else");
                    return;
                }
                if (received.readableBytes() < 3 + length) {
                    return;
                }
                if (type == StreamHeader.FORWARDING && length == 2 && received.getUnsignedShort(3) != 0) {
                    result.complete(new Binding((QuicStreamChannel) ctx.channel(), received.getUnsignedShort(3)));
                } else if (type == StreamHeader.REFUSAL) {
                    fail(ctx, "relay " + route.via() + " refused to forward to node " + route.destination() + ": "
                            + received.toString(3, length, java.nio.charset.StandardCharsets.UTF_8));
                } else {
                    fail(ctx, "relay " + route.via() + " answered the forwarding request with something else");
                }
            } finally {
                buf.release();
            }
        }

        private void fail(ChannelHandlerContext ctx, String message) {
            result.completeExceptionally(new FabricException(message, null));
            ctx.close();
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

    private void fail(Route route, Forward forward, Throwable error) {
        forget(route, forward);
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        forward.connection.completeExceptionally(cause);
    }

    private synchronized void forget(Route route, Forward forward) {
        forwards.remove(route, forward);
    }

    @Override
    public void close() {
        List<Forward> all;
        synchronized (this) {
            all = new ArrayList<>(forwards.values());
            forwards.clear();
        }
        all.forEach(Forward::close);
    }
}
