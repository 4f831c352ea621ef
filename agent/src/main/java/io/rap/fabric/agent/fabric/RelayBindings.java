package io.rap.fabric.agent.fabric;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.SegmentedDatagramPacket;
import io.netty.util.ReferenceCountUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The relay's forwarding bindings. A binding is one UDP port that passes datagrams between
 * exactly two addresses — the origin's fabric socket, as its authenticated QUIC connection to
 * this relay showed it, and the destination's fabric port, as this relay's signed snapshot
 * lists it — and drops everything else. The origin runs its own QUIC connection, mutual TLS
 * included, to the destination through that port: the relay sees ciphertext only, cannot read,
 * change or inject stream data, and the destination sees the origin's own certificate.
 *
 * <p>Forwarding does no QUIC work at all, so it costs a fraction of terminating both hops: the
 * kernel hands over up to 64 KiB of one flow per read (GRO), and the datagrams of a read that go
 * the same way are sent on in one segmented send (GSO) where epoll offers it.
 *
 * <p>Limits: at most {@link RelayPorts#capacity()} bindings (one port each), at most
 * {@value #MAX_PER_ORIGIN} per origin; a binding ends with the stream that asked for it, with the
 * relay, when its origin's certificate is revoked, or after the transport's idle timeout without a
 * datagram (the QUIC connection through it is dead by then too).
 */
final class RelayBindings implements AutoCloseable {

    static final int MAX_PER_ORIGIN = 16;
    /** The most datagrams Linux accepts in one segmented send ({@code UDP_MAX_SEGMENTS}). */
    static final int MAX_SEGMENTS = 64;
    /** Ports tried per request in a fixed range before the relay reports itself busy. */
    private static final int BIND_ATTEMPTS = 16;

    /** Why a binding was not made, with the code the stream log records. */
    static final class Refused extends RuntimeException {
        final String code;

        Refused(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    private final EventLoopGroup group;
    private final FabricTransport transport;
    private final InetAddress bindAddress;
    private final RelayPorts ports;
    private final RevocationSet revocations;
    private final Set<UdpBinding> open = new HashSet<>();
    private final AtomicLong forwardedDatagrams = new AtomicLong();
    private final AtomicLong forwardedBytes = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sendFailures = new AtomicLong();
    private int cursor;
    private boolean closed;

    RelayBindings(EventLoopGroup group, FabricTransport transport, InetAddress bindAddress, RelayPorts ports,
                  RevocationSet revocations) {
        this.group = group;
        this.transport = transport;
        this.bindAddress = bindAddress;
        this.ports = ports;
        this.revocations = revocations;
    }

    /**
     * What the bindings did so far: datagrams and bytes passed on, datagrams dropped because they
     * came from neither end, and datagrams lost on the way out — sends the kernel refused, or
     * datagrams dropped while the outgoing queue was full (QUIC resends them and slows down).
     */
    record Stats(int open, long forwardedDatagrams, long forwardedBytes, long droppedDatagrams, long sendFailures) {
    }

    synchronized Stats stats() {
        return new Stats(open.size(), forwardedDatagrams.get(), forwardedBytes.get(), dropped.get(),
                sendFailures.get());
    }

    /** One binding: close it to free its port. */
    interface Binding extends AutoCloseable {
        int port();

        /** Completes when the binding has ended, for whatever reason. */
        CompletableFuture<Void> closed();

        @Override
        void close();
    }

    /**
     * Opens a binding between {@code originAddress} and {@code destination}. Its slot counts
     * against the limits from this call on, so requests racing each other cannot pass them.
     *
     * @param originSerial the origin's certificate serial, checked against the revocation list while the binding lasts
     * @return the binding once its port is bound; fails with {@link Refused} when a limit is reached
     */
    CompletableFuture<Binding> open(UUID origin, String originSerial, InetSocketAddress originAddress,
                                    InetSocketAddress destination) {
        if (revocations.isRevoked(originSerial)) {
            return CompletableFuture.failedFuture(new Refused("relay_origin_revoked", "node " + origin
                    + "'s certificate is revoked"));
        }
        UdpBinding binding = new UdpBinding(origin, originSerial, originAddress, destination);
        List<Integer> candidates;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new Refused("relay_closed", "the relay is closing"));
            }
            if (open.size() >= ports.capacity()) {
                return CompletableFuture.failedFuture(new Refused("relay_busy", "all " + ports.capacity()
                        + " forwarding ports of relay range " + ports + " are in use"));
            }
            if (open.stream().filter(b -> b.origin.equals(origin)).count() >= MAX_PER_ORIGIN) {
                return CompletableFuture.failedFuture(new Refused("relay_origin_limit", "node " + origin
                        + " already holds " + MAX_PER_ORIGIN + " forwarding bindings on this relay"));
            }
            candidates = candidatePorts();
            open.add(binding);
        }
        CompletableFuture<Binding> result = new CompletableFuture<>();
        bind(binding, candidates, 0, result);
        return result;
    }

    private List<Integer> candidatePorts() {
        if (ports.isEphemeral()) {
            return List.of(0);
        }
        Set<Integer> used = new HashSet<>();
        open.forEach(b -> used.add(b.port()));
        List<Integer> candidates = new ArrayList<>();
        int size = ports.capacity();
        for (int i = 0; i < size && candidates.size() < BIND_ATTEMPTS; i++) {
            int port = ports.first() + (cursor + i) % size;
            if (!used.contains(port)) {
                candidates.add(port);
            }
        }
        cursor = (cursor + 1) % size;
        return candidates;
    }

    private void bind(UdpBinding binding, List<Integer> candidates, int index, CompletableFuture<Binding> result) {
        if (index >= candidates.size() || binding.closeRequested) {
            forget(binding);
            result.completeExceptionally(binding.closeRequested
                    ? new Refused("relay_closed", "the relay is closing")
                    : new Refused("relay_busy", "no free forwarding port in relay range " + ports));
            return;
        }
        transport.configure(new Bootstrap().group(group).channel(FabricLoop.datagramChannel(group)), group)
                // Room for a few read passes of GSO runs; beyond it datagrams are dropped, as a full link would.
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(transport.socketBuffer(),
                        2 * transport.socketBuffer()))
                .handler(binding)
                .bind(new InetSocketAddress(bindAddress, candidates.get(index)))
                .addListener((ChannelFutureListener) done -> {
                    if (!done.isSuccess()) {
                        bind(binding, candidates, index + 1, result);
                        return;
                    }
                    binding.started(done.channel());
                    if (binding.closeRequested) {
                        // the relay closed, or revoked, while the port was being bound
                        result.completeExceptionally(new Refused("relay_closed", "the relay is closing"));
                        return;
                    }
                    result.complete(binding);
                });
    }

    /** Ends at once the bindings whose origin's certificate is now revoked. */
    void endRevoked() {
        List<UdpBinding> revoked;
        synchronized (this) {
            revoked = open.stream().filter(b -> revocations.isRevoked(b.originSerial)).toList();
        }
        revoked.forEach(UdpBinding::close);
    }

    private synchronized void forget(UdpBinding binding) {
        open.remove(binding);
    }

    @Override
    public void close() {
        List<UdpBinding> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(open);
        }
        all.forEach(UdpBinding::close);
    }

    /**
     * The handler of one binding's UDP channel. Datagrams are gathered per read pass into runs
     * that go the same way with one segment size (all full but the last, as GSO requires) and each
     * run leaves in one send.
     */
    @ChannelHandler.Sharable // on one channel at a time: a retried bind's channel replaces the one that failed
    private final class UdpBinding extends ChannelInboundHandlerAdapter implements Binding {

        final UUID origin;
        final String originSerial;
        private final InetSocketAddress originAddress;
        private final InetSocketAddress destination;
        private final CompletableFuture<Void> ended = new CompletableFuture<>();
        private volatile Channel channel;
        private volatile boolean closeRequested;
        private boolean segmentation;
        private long lastDatagram = System.nanoTime();
        // the run being gathered
        private ByteBuf run;
        private InetSocketAddress runTarget;
        private int runSegment;
        private int runDatagrams;
        private boolean runEnded;

        UdpBinding(UUID origin, String originSerial, InetSocketAddress originAddress, InetSocketAddress destination) {
            this.origin = origin;
            this.originSerial = originSerial;
            this.originAddress = originAddress;
            this.destination = destination;
        }

        @Override
        public int port() {
            Channel c = channel;
            return c == null ? 0 : ((InetSocketAddress) c.localAddress()).getPort();
        }

        @Override
        public CompletableFuture<Void> closed() {
            return ended;
        }

        /** Called once, when the binding's channel is bound (before any read). */
        void started(Channel c) {
            channel = c;
            segmentation = c instanceof EpollDatagramChannel && EpollDatagramChannel.isSegmentedDatagramPacketSupported();
            long period = Math.max(1, transport.idleTimeoutMillis() / 3);
            var checks = c.eventLoop().scheduleWithFixedDelay(() -> check(c), period, period, TimeUnit.MILLISECONDS);
            c.closeFuture().addListener(f -> {
                checks.cancel(false);
                forget(this);
                ended.complete(null);
            });
            if (closeRequested) {
                c.close();
            }
        }

        private void check(Channel c) {
            long idleNanos = System.nanoTime() - lastDatagram;
            if (closeRequested || idleNanos > TimeUnit.MILLISECONDS.toNanos(transport.idleTimeoutMillis())
                    || revocations.isRevoked(originSerial)) {
                c.close();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            DatagramPacket packet = (DatagramPacket) msg;
            InetSocketAddress sender = packet.sender();
            InetSocketAddress target = originAddress.equals(sender) ? destination
                    : destination.equals(sender) ? originAddress : null;
            if (target == null) {
                dropped.incrementAndGet();
                ReferenceCountUtil.release(msg);
                return;
            }
            lastDatagram = System.nanoTime();
            ByteBuf content = packet.content();
            int size = content.readableBytes();
            if (!ctx.channel().isWritable()) {
                // The way out is slower than the way in: drop, as a full link would; QUIC slows down.
                sendFailures.incrementAndGet();
                packet.release();
                return;
            }
            forwardedDatagrams.incrementAndGet();
            forwardedBytes.addAndGet(size);
            if (!segmentation || size == 0) {
                // in order: what was gathered first, then this datagram on its own
                if (run != null) {
                    sendRun(ctx);
                }
                ctx.write(new DatagramPacket(content, target), ctx.voidPromise());
                return;
            }
            try {
                if (run != null && (!target.equals(runTarget) || runEnded || size > runSegment
                        || runDatagrams == MAX_SEGMENTS || run.readableBytes() + size > FabricTransport.MAX_GSO_BYTES)) {
                    sendRun(ctx);
                }
                if (run == null) {
                    run = ctx.alloc().directBuffer(FabricTransport.MAX_GSO_BYTES);
                    runTarget = target;
                    runSegment = size;
                    runDatagrams = 0;
                    runEnded = false;
                }
                run.writeBytes(content);
                runDatagrams++;
                runEnded = size < runSegment;
            } finally {
                packet.release();
            }
        }

        /** Sends the gathered run: one datagram as it is, more as one segmented (GSO) send. */
        private void sendRun(ChannelHandlerContext ctx) {
            ByteBuf buffer = run;
            run = null;
            ctx.write(runDatagrams == 1 ? new DatagramPacket(buffer, runTarget)
                    : new SegmentedDatagramPacket(buffer, runSegment, runTarget), ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (run != null) {
                sendRun(ctx);
            }
            ctx.flush();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (run != null) {
                run.release();
                run = null;
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A send refused by the kernel (e.g. the destination's port is closed): the QUIC
            // connection through this binding sees loss and recovers or times out; keep forwarding.
            sendFailures.incrementAndGet();
        }

        @Override
        public void close() {
            closeRequested = true;
            Channel c = channel;
            if (c != null) {
                c.close();
            }
        }
    }
}
