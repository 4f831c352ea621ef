package io.rap.fabric.agent.fabric;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One {@code synthetic.echo} round trip outside the fabric's routing: connect to an address,
 * open a stream with a plain {@code OPEN} header (the server takes the TLS peer as origin),
 * send the payload, read
 * until the server ends the stream, compare nothing (the caller does). Non-blocking: the
 * answer arrives in the returned future, completed on an event loop, so callers must not
 * block in its dependents. Every channel it opened is closed when the future completes.
 */
public final class EchoClient {

    private EchoClient() {
    }

    public static CompletableFuture<byte[]> echo(EventLoopGroup group, QuicSslContext tls, InetSocketAddress server,
                                                 byte[] payload, Duration timeout) {
        return exchange(group, tls, server, null, payload, timeout);
    }

    /**
     * Like {@link #echo}, with {@code header} sent as the stream's header instead of the plain
     * echo request: for tests that play a peer sending frames of its own making.
     */
    static CompletableFuture<byte[]> exchange(EventLoopGroup group, QuicSslContext tls, InetSocketAddress server,
                                              byte[] header, byte[] payload, Duration timeout) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        ChannelHandler codec = new QuicClientCodecBuilder()
                .sslContext(tls)
                .maxIdleTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .initialMaxData(payload.length + 1024L)
                .initialMaxStreamDataBidirectionalLocal(payload.length + 1024L)
                .build();
        new Bootstrap().group(group).channel(FabricLoop.datagramChannel(group))
                .handler(FabricNode.udpPipeline(codec)).bind(0).addListener(bound -> {
            if (!bound.isSuccess()) {
                result.completeExceptionally(new FabricException("cannot open a UDP socket", bound.cause()));
                return;
            }
            Channel udp = ((io.netty.channel.ChannelFuture) bound).channel();
            result.whenComplete((r, e) -> udp.close());
            var timer = udp.eventLoop().schedule(() -> result.completeExceptionally(
                    new TimeoutException("no echo from " + server + " within " + timeout.toMillis() + " ms")),
                    timeout.toMillis(), TimeUnit.MILLISECONDS);
            result.whenComplete((r, e) -> timer.cancel(false));
            connect(udp, server, header, payload, result);
        });
        return result;
    }

    private static void connect(Channel udp, InetSocketAddress server, byte[] header, byte[] payload,
                                CompletableFuture<byte[]> result) {
        QuicChannel.newBootstrap(udp)
                .handler(new ChannelInboundHandlerAdapter())
                .streamHandler(new ChannelInboundHandlerAdapter())
                .remoteAddress(server)
                .connect()
                .addListener(connected -> {
                    if (!connected.isSuccess()) {
                        result.completeExceptionally(new FabricException("QUIC connection to " + server + " failed: "
                                + connected.cause(), connected.cause()));
                        return;
                    }
                    QuicChannel quic = (QuicChannel) connected.getNow();
                    result.whenComplete((r, e) -> quic.close());
                    // A refused client certificate shows only after the client's handshake completed.
                    quic.closeFuture().addListener(closed -> result.completeExceptionally(
                            new FabricException("the QUIC connection to " + server + " was closed before the echo"
                                    + " completed", null)));
                    quic.createStream(QuicStreamType.BIDIRECTIONAL, new EchoCollector(payload.length, result))
                            .addListener(created -> {
                                if (!created.isSuccess()) {
                                    result.completeExceptionally(new FabricException("cannot open a stream to "
                                            + server, created.cause()));
                                    return;
                                }
                                QuicStreamChannel stream = (QuicStreamChannel) created.getNow();
                                stream.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
                                stream.write(header == null ? StreamHeader.open(stream.alloc(), FabricNode.ECHO)
                                        : Unpooled.wrappedBuffer(header));
                                stream.writeAndFlush(Unpooled.wrappedBuffer(payload))
                                        .addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
                            });
                });
    }
}
