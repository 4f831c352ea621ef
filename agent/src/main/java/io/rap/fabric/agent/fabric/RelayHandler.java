package io.rap.fabric.agent.fabric;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The relay's side of a stream that asked to be forwarded: opens a stream to the destination,
 * sends the origin's assertion first (unchanged: the relay cannot sign for the origin), then
 * hands both streams to {@link SpliceHandler}s. Reading pauses until the outgoing stream
 * exists, so the only bytes held meanwhile are those already read with the header.
 */
final class RelayHandler extends ChannelInboundHandlerAdapter {

    private final CompletableFuture<QuicChannel> destination;
    private final byte[] assertion;
    private final Runnable onFailure;
    private final WriteBufferWaterMark waterMark;
    private final List<Object> pending = new ArrayList<>();
    private boolean inputEnded;
    private boolean closed;

    RelayHandler(CompletableFuture<QuicChannel> destination, byte[] assertion, Runnable onFailure,
                 WriteBufferWaterMark waterMark) {
        this.destination = destination;
        this.waterMark = waterMark;
        this.assertion = assertion.clone();
        this.onFailure = onFailure;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        QuicStreamChannel inbound = (QuicStreamChannel) ctx.channel();
        inbound.config().setAutoRead(false);
        destination.whenComplete((quic, error) -> inbound.eventLoop().execute(() -> {
            if (error != null) {
                fail(ctx);
                return;
            }
            var bootstrap = quic.newStreamBootstrap().type(QuicStreamType.BIDIRECTIONAL)
                    .option(ChannelOption.ALLOCATOR, FabricTransport.allocator())
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
                    .handler(new SpliceHandler(inbound));
            bootstrap.create().addListener(created -> {
                if (!created.isSuccess()) {
                    inbound.eventLoop().execute(() -> fail(ctx));
                    return;
                }
                QuicStreamChannel outbound = (QuicStreamChannel) created.getNow();
                inbound.eventLoop().execute(() -> splice(ctx, inbound, outbound));
            });
        }));
    }

    private void splice(ChannelHandlerContext ctx, QuicStreamChannel inbound, QuicStreamChannel outbound) {
        if (closed) {
            outbound.close();
            return;
        }
        outbound.write(StreamHeader.assertion(outbound.alloc(), assertion), outbound.voidPromise());
        pending.forEach(msg -> outbound.write(msg, outbound.voidPromise()));
        pending.clear();
        if (inputEnded) {
            outbound.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
        } else {
            outbound.flush();
        }
        ctx.pipeline().replace(this, "splice", new SpliceHandler(outbound));
        inbound.config().setAutoRead(outbound.isWritable());
    }

    private void fail(ChannelHandlerContext ctx) {
        onFailure.run();
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closed) {
            ReferenceCountUtil.release(msg);
        } else {
            pending.add(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownReadComplete.INSTANCE) {
            inputEnded = true;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private void release() {
        closed = true;
        pending.forEach(ReferenceCountUtil::release);
        pending.clear();
    }
}
