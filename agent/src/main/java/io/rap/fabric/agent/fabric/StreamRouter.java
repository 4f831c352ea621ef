package io.rap.fabric.agent.fabric;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;
import io.rap.fabric.protocol.NodeUri;
import io.rap.fabric.protocol.OriginAssertionException;
import io.rap.fabric.protocol.OriginAssertions;
import io.rap.fabric.protocol.SignedOriginAssertion;
import io.rap.fabric.protocol.VerifiedOrigin;

import java.net.InetSocketAddress;
import java.util.UUID;

/**
 * Decides what a stream gets once its header is read: a service for a verified origin, a
 * forwarding binding to another node, or a refusal (recorded with its reason, the stream
 * closed). It then replaces itself, so the payload never passes through it.
 */
final class StreamRouter extends ChannelInboundHandlerAdapter {

    /** Application error code of a refused stream (RESET_STREAM / STOP_SENDING). */
    static final int REFUSED = 0x52;
    /** A valid assertion arrived on another node's connection: only the origin itself may present it. */
    static final String ORIGIN_NOT_PEER = "origin_not_peer";

    private final FabricNode node;

    StreamRouter(FabricNode node) {
        this.node = node;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof StreamHeader header)) {
            // Payload before a header was accepted: nothing may pass unrouted.
            ReferenceCountUtil.release(msg);
            return;
        }
        QuicChannel connection = (QuicChannel) ctx.channel().parent();
        UUID peer = FabricTls.peer(connection).nodeId();
        if (header instanceof StreamHeader.Direct direct) {
            serve(ctx, direct.intent(), peer, peer);
        } else if (header instanceof StreamHeader.Asserted asserted) {
            VerifiedOrigin origin;
            try {
                origin = OriginAssertions.verify(SignedOriginAssertion.fromBytes(asserted.assertion()),
                        node.trust().originTrust(), node.clock().instant(), node.replays());
            } catch (OriginAssertionException e) {
                refuse(ctx, e.code(), e.getMessage(), peer);
                return;
            }
            if (!origin.origin().equals(peer)) {
                // Relays forward datagrams, so a stream's connection always comes from its origin;
                // an assertion arriving on another node's connection was taken from somewhere.
                refuse(ctx, ORIGIN_NOT_PEER, "node " + peer + " presented an assertion of node " + origin.origin(), peer);
                return;
            }
            serve(ctx, origin.intent(), origin.origin(), peer);
        } else if (header instanceof StreamHeader.Forward forward) {
            forward(ctx, forward.destination(), connection, peer);
        }
    }

    private void serve(ChannelHandlerContext ctx, String intent, UUID origin, UUID peer) {
        ChannelHandler service = switch (intent) {
            case FabricNode.ECHO -> EchoHandler.INSTANCE;
            case BulkSink.INTENT -> new BulkSink();
            default -> null;
        };
        if (service == null) {
            refuse(ctx, "unknown_intent", "no service " + intent + " on this node", peer);
            return;
        }
        node.accepted(intent, peer, origin);
        ctx.pipeline().replace(this, intent, service);
    }

    private void forward(ChannelHandlerContext ctx, UUID destination, QuicChannel connection, UUID peer) {
        if (!node.relaying()) {
            refuseForward(ctx, "relay_disabled", "this node does not relay", peer);
            return;
        }
        if (destination.equals(node.nodeId()) || destination.equals(peer)) {
            refuseForward(ctx, "relay_to_self", "a forwarding request named the relay or the origin as destination",
                    peer);
            return;
        }
        var address = node.peers().address(destination);
        if (address.isEmpty()) {
            refuseForward(ctx, "relay_unknown_destination", "node " + destination + " is not in this relay's peer table",
                    peer);
            return;
        }
        QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
        // Nothing but the answer travels on this stream; the binding lasts as long as it does.
        stream.config().setAutoRead(false);
        String serial = NodeUri.serialHex(FabricTls.peerCertificate(connection));
        node.bindings().open(peer, serial, (InetSocketAddress) connection.remoteSocketAddress(), address.get())
                .whenComplete((binding, error) -> stream.eventLoop().execute(() -> {
                    if (error != null) {
                        Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
                        refuseForward(ctx, cause instanceof RelayBindings.Refused r ? r.code : "relay_failed",
                                String.valueOf(cause.getMessage()), peer);
                        return;
                    }
                    if (!stream.isActive()) {
                        binding.close();
                        return;
                    }
                    node.accepted("forward to " + destination + " on port " + binding.port(), peer, peer);
                    binding.closed().whenComplete((v, e) -> stream.close());
                    stream.closeFuture().addListener(f -> binding.close());
                    ctx.pipeline().replace(this, "binding", Discard.INSTANCE);
                    stream.writeAndFlush(StreamHeader.forwarding(stream.alloc(), binding.port()));
                    stream.config().setAutoRead(true);
                }));
    }

    /**
     * Refuses a forwarding request with its reason: a {@code REFUSAL} frame, then the end of the
     * stream, so that the origin can say why (a reset could discard the frame). The stream
     * closes when the origin ends its side, or after ten seconds.
     */
    private void refuseForward(ChannelHandlerContext ctx, String code, String detail, UUID peer) {
        node.refused(code, detail, peer);
        QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
        if (ctx.isRemoved() || !stream.isActive()) {
            return; // the origin gave up first
        }
        ctx.pipeline().replace(this, "refused", Discard.INSTANCE);
        stream.writeAndFlush(StreamHeader.refusal(stream.alloc(), code + ": " + detail))
                .addListener(f -> stream.shutdownOutput());
        stream.config().setAutoRead(true);
        var deadline = stream.eventLoop().schedule(() -> {
            stream.close();
        }, 10, java.util.concurrent.TimeUnit.SECONDS);
        stream.closeFuture().addListener(f -> deadline.cancel(false));
    }

    /** Resets the stream both ways, so that the other end sees a refusal, not an empty answer. */
    private void refuse(ChannelHandlerContext ctx, String code, String detail, UUID peer) {
        node.refused(code, detail, peer);
        ((QuicStreamChannel) ctx.channel()).shutdown(REFUSED).addListener(f -> ctx.close());
    }

    /**
     * Drops whatever an origin sends on a forwarding request's stream after the request (keep-alive
     * bytes), and closes the stream when the origin ends its side: the binding ends with it.
     */
    @ChannelHandler.Sharable
    private static final class Discard extends ChannelInboundHandlerAdapter {
        static final Discard INSTANCE = new Discard();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == io.netty.channel.socket.ChannelInputShutdownReadComplete.INSTANCE) {
                ctx.close();
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        node.refused("malformed_header", String.valueOf(cause.getMessage()), null);
        ((QuicStreamChannel) ctx.channel()).shutdown(REFUSED).addListener(f -> ctx.close());
    }
}
