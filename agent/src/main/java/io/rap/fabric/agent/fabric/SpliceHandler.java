package io.rap.fabric.agent.fabric;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;

/**
 * One direction of a relay: what this stream reads is written to the other stream as is (the
 * buffers are passed on, not copied). Backpressure: while this stream cannot take more writes,
 * the other stream stops reading, so a slow side never makes the relay buffer without bound.
 * The end of one side's input ends the other side's output; a closed stream closes the other.
 *
 * <p>Batching: Netty's QUIC stream hands every write to quiche at once and, since the other
 * stream belongs to another connection, sends packets for it right away. Writing each read
 * would send about one packet per packet received, each with its own system call and without
 * segmentation offload, which made the relay several times as costly as the path's ends. So
 * what a pass brings is written as one buffer at its end: the stream's reads are held back to
 * the end of the pass ({@link PassReader}) and gathered (without copying); a pass reads at most
 * {@link FabricTransport#datagramsPerRead()} datagrams, which bounds what is gathered.
 *
 * <p>Latency: waiting for the end of the pass means waiting until the QUIC codec has acknowledged
 * and flushed the incoming connection, which delayed every relayed packet by that send (an echo
 * through the relay measured 25–35 µs slower). So while traffic is sparse — the last pass carried
 * at most one read, as in a request/response exchange — the first read of a pass is written at
 * once; the rest of that pass, and everything while passes carry several reads, is gathered.
 */
final class SpliceHandler extends PassReader {

    /** Buffers gathered before the composite consolidates (copies); above one pass's packets. */
    private static final int MAX_GATHERED = 1024;

    private final QuicStreamChannel other;
    private CompositeByteBuf gathered;
    /** Reads since the last end of a pass; more than one means bulk traffic, which is gathered from the first read. */
    private int readsThisPass;
    private boolean bulk;

    SpliceHandler(QuicStreamChannel other) {
        this.other = other;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!other.isActive() || !(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (readsThisPass++ == 0 && !bulk) {
            // The first read after a quiet pass goes out at once: an interactive exchange
            // should not wait for the end of the pass (and the acknowledgements sent there).
            other.writeAndFlush(buf, other.voidPromise());
            return;
        }
        if (gathered == null) {
            gathered = ctx.alloc().compositeDirectBuffer(MAX_GATHERED);
        }
        gathered.addComponent(true, buf);
    }

    @Override
    boolean mayRead() {
        return other.isWritable();
    }

    @Override
    void passEnded(ChannelHandlerContext ctx) {
        bulk = readsThisPass > 1;
        readsThisPass = 0;
        writeGathered();
        if (!other.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    private void writeGathered() {
        CompositeByteBuf batch = gathered;
        gathered = null;
        if (batch == null) {
            return;
        }
        if (other.isActive()) {
            other.writeAndFlush(batch, other.voidPromise());
        } else {
            batch.release();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // Writes into this stream come from the other one: let it read only while they fit.
        other.config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownReadComplete.INSTANCE && other.isActive()) {
            writeGathered();
            other.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        writeGathered();
        closeAfterFlush(other);
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (gathered != null) {
            gathered.release();
            gathered = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
        closeAfterFlush(other);
    }

    static void closeAfterFlush(Channel channel) {
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
