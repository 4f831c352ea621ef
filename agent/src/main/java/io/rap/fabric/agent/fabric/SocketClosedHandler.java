package io.rap.fabric.agent.fabric;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.nio.channels.ClosedChannelException;

/**
 * Last handler of a fabric UDP socket: epoll may still report a read on a socket that is being
 * closed, which surfaces as a {@link ClosedChannelException} nobody needs to see. Anything else
 * closes the socket, which its owner notices (the workload reports it).
 */
@ChannelHandler.Sharable
final class SocketClosedHandler extends ChannelInboundHandlerAdapter {

    static final SocketClosedHandler INSTANCE = new SocketClosedHandler();

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof ClosedChannelException)) {
            ctx.close();
        }
    }
}
