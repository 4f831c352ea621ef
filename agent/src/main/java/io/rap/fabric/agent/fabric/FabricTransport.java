package io.rap.fabric.agent.fabric;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.quic.EpollQuicUtils;
import io.netty.handler.codec.quic.QuicCodecBuilder;
import io.netty.handler.codec.quic.QuicCongestionControlAlgorithm;
import io.netty.handler.codec.quic.SegmentedDatagramPacketAllocator;

import java.util.concurrent.TimeUnit;

/**
 * QUIC and UDP settings of the fabric. The defaults are what measured fastest on loopback
 * (docs/benchmarks.md): a 1350-byte UDP payload (fits common tunnels' MTUs), send
 * segmentation offload of 16 datagrams per syscall on epoll, 4 MiB socket buffers, CUBIC
 * (BBR was much slower here), and flow-control windows large enough for a few milliseconds
 * of a multi-gigabit path. Windows left at zero would carry no data at all.
 *
 * @param gsoSegments datagrams per GSO send; 0 or 1 disables GSO (it needs epoll anyway)
 */
public record FabricTransport(int udpPayload, int gsoSegments, int socketBuffer, long maxData, long maxStreamData,
                              long maxStreams, QuicCongestionControlAlgorithm congestionControl, long idleTimeoutMillis) {

    public static final FabricTransport DEFAULT = new FabricTransport(1350, 16, 4 * 1024 * 1024, 32L * 1024 * 1024,
            8L * 1024 * 1024, 256, QuicCongestionControlAlgorithm.CUBIC, 30_000);

    public FabricTransport withGsoSegments(int segments) {
        return new FabricTransport(udpPayload, segments, socketBuffer, maxData, maxStreamData, maxStreams,
                congestionControl, idleTimeoutMillis);
    }

    public FabricTransport withIdleTimeoutMillis(long millis) {
        return new FabricTransport(udpPayload, gsoSegments, socketBuffer, maxData, maxStreamData, maxStreams,
                congestionControl, millis);
    }

    public FabricTransport withWindows(long data, long streamData) {
        return new FabricTransport(udpPayload, gsoSegments, socketBuffer, data, streamData, maxStreams,
                congestionControl, idleTimeoutMillis);
    }

    /**
     * How much a stream queues in Netty before it reports itself unwritable (the relay's
     * backpressure signal): large enough to keep quiche's send buffer full between flushes,
     * small enough that a relay holds at most this much per stream direction.
     */
    public WriteBufferWaterMark streamWaterMark() {
        return new WriteBufferWaterMark(256 * 1024, 512 * 1024);
    }

    <B extends QuicCodecBuilder<B>> B configure(B builder) {
        return builder
                .maxIdleTimeout(idleTimeoutMillis, TimeUnit.MILLISECONDS)
                .maxSendUdpPayloadSize(udpPayload)
                .maxRecvUdpPayloadSize(udpPayload)
                .initialMaxData(maxData)
                .initialMaxStreamDataBidirectionalLocal(maxStreamData)
                .initialMaxStreamDataBidirectionalRemote(maxStreamData)
                .initialMaxStreamsBidirectional(maxStreams)
                .congestionControlAlgorithm(congestionControl);
    }

    /** Socket buffers and a receive buffer that holds one whole datagram (the default 2048 would cut larger ones). */
    Bootstrap configure(Bootstrap udp) {
        return udp.option(ChannelOption.SO_RCVBUF, socketBuffer)
                .option(ChannelOption.SO_SNDBUF, socketBuffer)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(Math.max(2048, udpPayload + 64)));
    }

    /** The GSO allocator for connections on {@code group}, or {@code null} when GSO is off or impossible. */
    SegmentedDatagramPacketAllocator segmentation(EventLoopGroup group) {
        return gsoSegments > 1 && FabricLoop.isEpoll(group) ? EpollQuicUtils.newSegmentedAllocator(gsoSegments) : null;
    }

}
