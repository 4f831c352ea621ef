package io.rap.fabric.agent.fabric;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Reads a QUIC stream about once per event-loop pass instead of once per packet.
 *
 * <p>Netty's QUIC codec hands every received datagram to quiche and then, while the stream reads
 * automatically, reads that stream at once: one buffer, two {@code quiche_conn_stream_recv}
 * calls, a {@code channelRead} and a {@code channelReadComplete} for each packet of about
 * 1 350 bytes. After a stream's first read in a pass this handler turns its automatic reading off
 * until the pass has ended; the rest of the pass stays in quiche (within the stream's flow-control
 * window) and is then read in a few large buffers by a task that runs right after the pass.
 *
 * <p>Latency is unchanged: between passes the stream reads automatically again, so the first
 * packet of a pass — an echo, a request — is read as soon as it is received.
 */
abstract class PassReader extends ChannelInboundHandlerAdapter {

    private boolean endScheduled;
    private boolean draining;

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!draining) {
            ctx.channel().config().setAutoRead(false);
            if (!endScheduled) {
                endScheduled = true;
                ctx.channel().eventLoop().execute(() -> endOfPass(ctx));
            }
        }
        ctx.fireChannelReadComplete();
    }

    private void endOfPass(ChannelHandlerContext ctx) {
        endScheduled = false;
        if (ctx.channel().isActive()) {
            // Turning automatic reading on reads everything quiche holds for the stream, now.
            draining = true;
            try {
                ctx.channel().config().setAutoRead(true);
            } finally {
                draining = false;
            }
        }
    }
}
