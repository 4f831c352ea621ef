package io.rap.fabric.agent.fabric;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;

/** Collects the echoed bytes until the server ends the stream; more than was sent is an error. */
final class EchoCollector extends ChannelInboundHandlerAdapter {
    private final ByteArrayOutputStream received;
    private final int limit;
    private final CompletableFuture<byte[]> result;

    EchoCollector(int expected, CompletableFuture<byte[]> result) {
        this.received = new ByteArrayOutputStream(expected);
        this.limit = expected;
        this.result = result;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            if (received.size() + buf.readableBytes() > limit) {
                result.completeExceptionally(new FabricException("the echo is longer than what was sent", null));
                ctx.close();
                return;
            }
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            received.writeBytes(bytes);
        } finally {
            buf.release();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownReadComplete.INSTANCE) {
            if (received.size() == limit) {
                result.complete(received.toByteArray());
            } else {
                // A refused stream can end cleanly too: a short echo is a failure, not an answer.
                result.completeExceptionally(new FabricException("the echo ended after " + received.size() + " of "
                        + limit + " bytes", null));
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        result.completeExceptionally(new FabricException("the echo stream closed before it ended", null));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        result.completeExceptionally(cause);
        ctx.close();
    }
}
