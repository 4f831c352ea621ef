package io.rap.fabric.agent.fabric;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
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
 * QUIC and UDP settings of the fabric. The defaults are what measured fastest per CPU second on
 * loopback (docs/benchmarks.md): a 1350-byte UDP payload (fits common tunnels' MTUs), send
 * segmentation offload (GSO) of 48 datagrams per system call — one 64 KiB send, like TCP's
 * segmentation offload — and receive offload (GRO) on epoll,
 * up to 64 datagrams handled per read pass before the connection acknowledges and sends, 4 MiB
 * socket buffers, CUBIC (BBR was much slower here), and flow-control windows large enough for a
 * few milliseconds of a multi-gigabit path. Windows left at zero would carry no data at all.
 *
 * <p>Memory stays bounded: a read pass holds at most {@code datagramsPerRead} datagrams (with GRO,
 * one 64 KiB buffer per system call, released once quiche has taken the packets), and each
 * stream queues at most {@link #streamWaterMark()} before it reports itself unwritable.
 *
 * @param gsoSegments      datagrams per GSO send, at most {@value #MAX_GSO_BYTES} bytes together; 0 or 1
 *                         disables GSO (it needs epoll anyway)
 * @param udpGro           let the kernel hand over up to 64 KiB of same-flow datagrams per read (epoll only)
 * @param datagramsPerRead datagrams read per pass before the QUIC codec acknowledges and flushes; each pass
 *                         ends with at least one ACK, so this sets the ACK rate of a bulk receiver
 * @param socketBuffer     SO_RCVBUF and SO_SNDBUF asked for; Linux caps them at {@code net.core.rmem_max}
 *                         and {@code wmem_max} (docs/agent.md tells operators to raise those)
 */
public record FabricTransport(int udpPayload, int gsoSegments, boolean udpGro, int datagramsPerRead,
                              int socketBuffer, long maxData, long maxStreamData, long maxStreams,
                              QuicCongestionControlAlgorithm congestionControl, long idleTimeoutMillis) {

    /** The largest UDP datagram, and so the most GRO can merge into one read. */
    static final int GRO_BUFFER = 65_536;
    /** The most one GSO send may carry: one UDP datagram's largest payload over IPv4. */
    static final int MAX_GSO_BYTES = 65_507;

    /**
     * GSO 48 x 1350 bytes: against 16 per send, the direct and the relayed path's process each spent
     * about 7 % less CPU per GiB (fewer system calls, which cost much in a VM; docs/benchmarks.md).
     */
    public static final FabricTransport DEFAULT = new FabricTransport(1350, 48, true, 64, 4 * 1024 * 1024,
            32L * 1024 * 1024, 8L * 1024 * 1024, 256, QuicCongestionControlAlgorithm.CUBIC, 30_000);

    public FabricTransport {
        if (gsoSegments > 1 && (long) gsoSegments * udpPayload > MAX_GSO_BYTES) {
            throw new IllegalArgumentException("GSO of " + gsoSegments + " datagrams of " + udpPayload
                    + " bytes exceeds the " + MAX_GSO_BYTES + " bytes one send may carry");
        }
    }

    public FabricTransport withGsoSegments(int segments) {
        return new FabricTransport(udpPayload, segments, udpGro, datagramsPerRead, socketBuffer, maxData,
                maxStreamData, maxStreams, congestionControl, idleTimeoutMillis);
    }

    public FabricTransport withUdpGro(boolean gro) {
        return new FabricTransport(udpPayload, gsoSegments, gro, datagramsPerRead, socketBuffer, maxData,
                maxStreamData, maxStreams, congestionControl, idleTimeoutMillis);
    }

    public FabricTransport withDatagramsPerRead(int datagrams) {
        return new FabricTransport(udpPayload, gsoSegments, udpGro, datagrams, socketBuffer, maxData,
                maxStreamData, maxStreams, congestionControl, idleTimeoutMillis);
    }

    public FabricTransport withSocketBuffer(int bytes) {
        return new FabricTransport(udpPayload, gsoSegments, udpGro, datagramsPerRead, bytes, maxData,
                maxStreamData, maxStreams, congestionControl, idleTimeoutMillis);
    }

    public FabricTransport withCongestionControl(QuicCongestionControlAlgorithm algorithm) {
        return new FabricTransport(udpPayload, gsoSegments, udpGro, datagramsPerRead, socketBuffer, maxData,
                maxStreamData, maxStreams, algorithm, idleTimeoutMillis);
    }

    public FabricTransport withIdleTimeoutMillis(long millis) {
        return new FabricTransport(udpPayload, gsoSegments, udpGro, datagramsPerRead, socketBuffer, maxData,
                maxStreamData, maxStreams, congestionControl, millis);
    }

    public FabricTransport withWindows(long data, long streamData) {
        return new FabricTransport(udpPayload, gsoSegments, udpGro, datagramsPerRead, socketBuffer, data,
                streamData, maxStreams, congestionControl, idleTimeoutMillis);
    }

    /**
     * The buffer allocator of every fabric channel: UDP sockets, QUIC connections (one buffer per
     * packet sent) and streams (one buffer per stream read, about one per packet received).
     * Netty 4.2's default, the adaptive allocator, spent 25–30 % of the sender's and 15–20 % of
     * the receiver's event-loop time handing out these buffers (perf, docs/benchmarks.md); the
     * pooled allocator's thread caches cut the CPU per GiB of a direct path by about a quarter.
     */
    static ByteBufAllocator allocator() {
        return PooledByteBufAllocator.DEFAULT;
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

    /**
     * Socket buffers, GRO where the loop runs epoll, and a receive buffer that holds what one read
     * can return: a whole GRO batch, or else one datagram (Netty's default 2048 would cut larger ones).
     */
    Bootstrap configure(Bootstrap udp, EventLoopGroup group) {
        int readBuffer = Math.max(2048, udpPayload + 64);
        if (udpGro && FabricLoop.isEpoll(group)) {
            udp.option(EpollChannelOption.UDP_GRO, true);
            readBuffer = GRO_BUFFER;
        }
        return udp.option(ChannelOption.ALLOCATOR, allocator())
                .option(ChannelOption.SO_RCVBUF, socketBuffer)
                .option(ChannelOption.SO_SNDBUF, socketBuffer)
                .option(ChannelOption.RCVBUF_ALLOCATOR,
                        new FixedRecvByteBufAllocator(readBuffer).maxMessagesPerRead(datagramsPerRead));
    }

    /** The GSO allocator for connections on {@code group}, or {@code null} when GSO is off or impossible. */
    SegmentedDatagramPacketAllocator segmentation(EventLoopGroup group) {
        return gsoSegments > 1 && FabricLoop.isEpoll(group) ? EpollQuicUtils.newSegmentedAllocator(gsoSegments) : null;
    }
}
