package io.rap.fabric.agent.fabric;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicStreamChannel;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The {@code synthetic.echo} service: a QUIC server on one UDP port that echoes each
 * bidirectional stream to peers holding a certificate of the cluster CA.
 */
public final class EchoServer implements AutoCloseable {

    private static final long MAX_DATA = 4L * 1024 * 1024;
    private static final long MAX_STREAM_DATA = 1024 * 1024;
    private static final long MAX_STREAMS = 64;

    private final Channel channel;

    private EchoServer(Channel channel) {
        this.channel = channel;
    }

    /**
     * Binds the port; waits for the bind, so call it from a thread that is not an event loop.
     *
     * @throws FabricException when the port cannot be bound (e.g. in use)
     */
    public static EchoServer start(EventLoopGroup group, QuicSslContext tls, InetSocketAddress bind) {
        ChannelHandler codec = new QuicServerCodecBuilder()
                .sslContext(tls)
                .maxIdleTimeout(30, TimeUnit.SECONDS)
                .initialMaxData(MAX_DATA)
                .initialMaxStreamDataBidirectionalRemote(MAX_STREAM_DATA)
                .initialMaxStreamsBidirectional(MAX_STREAMS)
                // No token handler: Netty's default sends no Retry; quiche's anti-amplification
                // limit still applies until the client's address is validated by the handshake.
                .handler(ConnectionHandler.INSTANCE)
                .streamOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .streamHandler(new ChannelInitializer<QuicStreamChannel>() {
                    @Override
                    protected void initChannel(QuicStreamChannel stream) {
                        stream.pipeline().addLast("echo", EchoHandler.INSTANCE);
                    }
                })
                .build();
        try {
            Channel channel = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec)
                    .bind(bind).sync().channel();
            return new EchoServer(channel);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FabricException("interrupted while binding UDP " + describe(bind), e);
        } catch (Exception e) {
            throw new FabricException("cannot bind UDP " + describe(bind) + ": " + e.getMessage(), e);
        }
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }

    private static String describe(InetSocketAddress address) {
        return "port " + address.getPort() + (address.getAddress().isAnyLocalAddress() ? "" : " on " + address.getHostString());
    }

    /** Connection-level events: nothing to do but close a connection that failed. */
    @ChannelHandler.Sharable
    private static final class ConnectionHandler extends ChannelInboundHandlerAdapter {
        static final ConnectionHandler INSTANCE = new ConnectionHandler();

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
