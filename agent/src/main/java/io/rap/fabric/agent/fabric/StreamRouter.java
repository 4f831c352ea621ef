package io.rap.fabric.agent.fabric;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;
import io.rap.fabric.protocol.OriginAssertionException;
import io.rap.fabric.protocol.OriginAssertions;
import io.rap.fabric.protocol.SignedOriginAssertion;
import io.rap.fabric.protocol.VerifiedOrigin;

import java.util.UUID;

/**
 * Decides what a stream gets once its header is read: a service for a verified origin, a
 * relay to another node, or a refusal (recorded with its reason, the stream closed). It then
 * replaces itself, so the payload never passes through it.
 */
final class StreamRouter extends ChannelInboundHandlerAdapter {

    /** Application error code of a refused stream (RESET_STREAM / STOP_SENDING). */
    static final int REFUSED = 0x52;

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
            serve(ctx, origin.intent(), origin.origin(), peer);
        } else if (header instanceof StreamHeader.Relay relay) {
            relay(ctx, relay, peer);
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

    private void relay(ChannelHandlerContext ctx, StreamHeader.Relay relay, UUID peer) {
        if (!node.relaying()) {
            refuse(ctx, "relay_disabled", "this node does not relay", peer);
            return;
        }
        if (relay.destination().equals(node.nodeId())) {
            refuse(ctx, "relay_to_self", "a relay request named this node as destination", peer);
            return;
        }
        var address = node.peers().address(relay.destination());
        if (address.isEmpty()) {
            refuse(ctx, "relay_unknown_destination", "node " + relay.destination() + " is not in the peer table", peer);
            return;
        }
        UUID destination = relay.destination();
        node.accepted("relay to " + destination, peer, null);
        ctx.pipeline().replace(this, "relay", new RelayHandler(node.connector().connect(destination, address.get()),
                relay.assertion(), () -> node.refused("relay_unreachable", "cannot reach node " + destination, peer),
                node.transport().streamWaterMark()));
    }

    /** Resets the stream both ways, so that the other end sees a refusal, not an empty answer. */
    private void refuse(ChannelHandlerContext ctx, String code, String detail, UUID peer) {
        node.refused(code, detail, peer);
        ((QuicStreamChannel) ctx.channel()).shutdown(REFUSED).addListener(f -> ctx.close());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        node.refused("malformed_header", String.valueOf(cause.getMessage()), null);
        ((QuicStreamChannel) ctx.channel()).shutdown(REFUSED).addListener(f -> ctx.close());
    }
}
