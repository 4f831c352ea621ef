package io.rap.fabric.agent.fabric;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.handler.codec.quic.QuicStreamChannel;

/**
 * {@code synthetic.bulk} on one stream: reads and drops everything (the throughput test's
 * sink), and when the sender ends its side answers with the byte count (8 bytes, big-endian)
 * so that the sender knows when the last byte arrived. It reads once per event-loop pass
 * ({@link PassReader}): a sink at full speed would otherwise read every packet on its own.
 */
final class BulkSink extends PassReader {

    static final String INTENT = "synthetic.bulk";

    private long received;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        received += buf.readableBytes();
        buf.release();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownReadComplete.INSTANCE) {
            ctx.writeAndFlush(ctx.alloc().buffer(8).writeLong(received)).addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
