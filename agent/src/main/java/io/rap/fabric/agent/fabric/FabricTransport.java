package io.rap.fabric.agent.fabric;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.handler.codec.quic.EpollQuicUtils;
import io.netty.handler.codec.quic.QuicCodecBuilder;
import io.netty.handler.codec.quic.QuicCongestionControlAlgorithm;
import io.netty.handler.codec.quic.SegmentedDatagramPacketAllocator;

import java.util.concurrent.TimeUnit;

/**
 * QUIC and UDP settings of the fabric. EXPERIMENTAL knobs while tuning (issue 7).
 */
public record FabricTransport(int udpPayload, int gsoSegments, boolean udpGro, int recvBatch, int readsPerWakeup,
                              int socketBuffer, long maxData, long maxStreamData, long maxStreams,
                              QuicCongestionControlAlgorithm congestionControl, boolean hystart, int initialCwndPackets,
                              int streamLowKiB, int streamHighKiB, long idleTimeoutMillis) {

    public static final FabricTransport DEFAULT = new FabricTransport(1350, 16, false, 0, 16, 4 * 1024 * 1024,
            32L * 1024 * 1024, 8L * 1024 * 1024, 256, QuicCongestionControlAlgorithm.CUBIC, true, 10, 256, 512, 30_000);

    public FabricTransport withGsoSegments(int segments) {
        return new FabricTransport(udpPayload, segments, udpGro, recvBatch, readsPerWakeup, socketBuffer, maxData,
                maxStreamData, maxStreams, congestionControl, hystart, initialCwndPackets, streamLowKiB, streamHighKiB,
                idleTimeoutMillis);
    }

    public FabricTransport withIdleTimeoutMillis(long millis) {
        return new FabricTransport(udpPayload, gsoSegments, udpGro, recvBatch, readsPerWakeup, socketBuffer, maxData,
                maxStreamData, maxStreams, congestionControl, hystart, initialCwndPackets, streamLowKiB, streamHighKiB,
                millis);
    }

    public FabricTransport withWindows(long data, long streamData) {
        return new FabricTransport(udpPayload, gsoSegments, udpGro, recvBatch, readsPerWakeup, socketBuffer, data,
                streamData, maxStreams, congestionControl, hystart, initialCwndPackets, streamLowKiB, streamHighKiB,
                idleTimeoutMillis);
    }

    /** Experiment: override from system properties bench.* */
    public FabricTransport fromProperties() {
        return new FabricTransport(Integer.getInteger("bench.payload", udpPayload),
                Integer.getInteger("bench.gso", gsoSegments),
                Boolean.parseBoolean(System.getProperty("bench.gro", String.valueOf(udpGro))),
                Integer.getInteger("bench.recvBatch", recvBatch),
                Integer.getInteger("bench.reads", readsPerWakeup),
                Integer.getInteger("bench.sockBuf", socketBuffer),
                Long.getLong("bench.maxData", maxData),
                Long.getLong("bench.maxStreamData", maxStreamData), maxStreams,
                QuicCongestionControlAlgorithm.valueOf(System.getProperty("bench.cc", congestionControl.name())),
                Boolean.parseBoolean(System.getProperty("bench.hystart", String.valueOf(hystart))),
                Integer.getInteger("bench.icwnd", initialCwndPackets),
                Integer.getInteger("bench.wmLow", streamLowKiB), Integer.getInteger("bench.wmHigh", streamHighKiB),
                idleTimeoutMillis);
    }

    public WriteBufferWaterMark streamWaterMark() {
        return new WriteBufferWaterMark(streamLowKiB * 1024, streamHighKiB * 1024);
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
                .congestionControlAlgorithm(congestionControl)
                .hystart(hystart)
                .initialCongestionWindowPackets(initialCwndPackets);
    }

    Bootstrap configure(Bootstrap udp, EventLoopGroup group) {
        boolean epoll = FabricLoop.isEpoll(group);
        int bufferSize = Math.max(2048, udpPayload + 64);
        if (epoll && udpGro) {
            bufferSize = 65536;
            udp.option(EpollChannelOption.UDP_GRO, true);
        } else if (epoll && recvBatch > 1) {
            bufferSize = recvBatch * udpPayload;
            udp.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, udpPayload);
        }
        return udp.option(ChannelOption.SO_RCVBUF, socketBuffer)
                .option(ChannelOption.SO_SNDBUF, socketBuffer)
                .option(ChannelOption.RCVBUF_ALLOCATOR,
                        new FixedRecvByteBufAllocator(bufferSize).maxMessagesPerRead(readsPerWakeup));
    }

    SegmentedDatagramPacketAllocator segmentation(EventLoopGroup group) {
        return gsoSegments > 1 && FabricLoop.isEpoll(group) ? EpollQuicUtils.newSegmentedAllocator(gsoSegments) : null;
    }
}
