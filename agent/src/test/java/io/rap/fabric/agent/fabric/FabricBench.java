package io.rap.fabric.agent.fabric;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.quic.QuicCongestionControlAlgorithm;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.rap.fabric.protocol.SnapshotPeer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The fabric throughput benchmark (issue 7), run by {@code agent/bench/fabric.sh}: three fabric
 * nodes in one JVM, each with its own event-loop thread like separate hosts would have (origin,
 * relay, destination), on 127.0.0.1; the relayed path is the origin's QUIC connection through the
 * relay's forwarding binding. It reports, in one run: bulk throughput direct and through
 * one relay, TLS 1.3 over TCP (Netty + OpenSSL/BoringSSL) as the reference, and echo round-trip
 * latency p50/p99 direct and through the relay (64 bytes, ping-pong on one open stream).
 *
 * <p>With each bulk transfer it prints the CPU time each node's event-loop thread and the whole
 * process spent per GiB: on a shared machine the wall-clock figures swing with the load of other
 * processes, the CPU cost much less, and it shows which node limits a path.
 *
 * <p>System properties: {@code bench.bulkMiB} (default 1024), {@code bench.pings} (default
 * 5000), {@code bench.warmupMiB} (default 1024, per path, not reported: after 512 MiB
 * the C2 compiler thread still spent 0.6–1.2 CPU-s per GiB during the measured transfer, after
 * 1 GiB 0.1–0.9 s), {@code bench.phases} (default {@code direct,relay,tls,echo}),
 * {@code bench.rounds} (direct transfers measured in a row, default 1: the earlier ones are
 * printed as rounds, to see whether one JVM's figures hold), {@code bench.verbose} (connection
 * statistics per transfer and the CPU time of every thread, JIT compilers and GC included), {@code bench.epoll} (default true), {@code bench.chunkKiB}
 * (write size, default 64), and to try other transport settings than {@link FabricTransport#DEFAULT}:
 * {@code bench.gso} (segments, 0 = off), {@code bench.gro}, {@code bench.reads} (datagrams per read
 * pass), {@code bench.socketBuffer} (bytes), {@code bench.cc} (CUBIC, RENO, BBR).
 */
public final class FabricBench {

    private static final long MIB = 1024 * 1024;
    private static final String BULK = BulkSink.INTENT;

    public static void main(String[] args) throws Exception {
        long bulkBytes = Long.getLong("bench.bulkMiB", 1024) * MIB;
        int pings = Integer.getInteger("bench.pings", 5000);
        long warmupBytes = Long.getLong("bench.warmupMiB", 1024) * MIB;
        boolean epoll = Boolean.parseBoolean(System.getProperty("bench.epoll", "true"));
        int chunk = Integer.getInteger("bench.chunkKiB", 64) * 1024;
        FabricTransport defaults = FabricTransport.DEFAULT;
        FabricTransport transport = defaults
                .withGsoSegments(Integer.getInteger("bench.gso", defaults.gsoSegments()))
                .withUdpGro(Boolean.parseBoolean(System.getProperty("bench.gro", String.valueOf(defaults.udpGro()))))
                .withDatagramsPerRead(Integer.getInteger("bench.reads", defaults.datagramsPerRead()))
                .withSocketBuffer(Integer.getInteger("bench.socketBuffer", defaults.socketBuffer()))
                .withCongestionControl(QuicCongestionControlAlgorithm.valueOf(
                        System.getProperty("bench.cc", defaults.congestionControl().name())));
        String phases = System.getProperty("bench.phases", "direct,relay,tls,echo");

        TestCa cluster = new TestCa("Bench Cluster CA");
        FabricLoop originLoop = new FabricLoop("origin", epoll);
        FabricLoop relayLoop = new FabricLoop("relay", epoll);
        FabricLoop destinationLoop = new FabricLoop("destination", epoll);
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        FabricNode.Options options = FabricNode.Options.defaults().withTransport(transport);
        FabricIdentity destinationId = cluster.node();
        try (FabricNode destination = FabricNode.start(destinationLoop.group(), destinationId, any, options);
             FabricNode relay = FabricNode.start(relayLoop.group(), cluster.node(), any, options.withRelaying(true));
             FabricNode origin = FabricNode.start(originLoop.group(), cluster.node(), any, options)) {
            relay.peers().update(List.of(peer(destination, "service-host")));
            origin.peers().update(List.of(peer(destination, "service-host"), peer(relay, "relay")));
            Route direct = Route.direct(destination.nodeId());
            Route relayed = Route.via(relay.nodeId(), destination.nodeId());

            System.out.printf(Locale.ROOT, "fabric bench: %s transport, UDP payload %d, GSO %d, GRO %s, %d datagrams"
                            + " per read, socket buffers %d KiB (SO_RCVBUF granted: %d KiB), windows %d/%d MiB, %s,"
                            + " bulk %d MiB in %d KiB writes, %d pings; java %s; load %s%n",
                    FabricLoop.isEpoll(originLoop.group()) ? "epoll" : "nio", transport.udpPayload(),
                    transport.gsoSegments(), transport.udpGro(), transport.datagramsPerRead(),
                    transport.socketBuffer() / 1024, destination.receiveBufferSize() / 1024,
                    transport.maxData() / MIB, transport.maxStreamData() / MIB, transport.congestionControl(),
                    bulkBytes / MIB, chunk / 1024, pings, System.getProperty("java.version"), loadAverage());

            cpu = new LoopCpu(List.of(originLoop, relayLoop, destinationLoop));
            relayNode = relay;
            // Warm-up: JIT and connections, not reported.
            if (phases.contains("direct")) {
                bulk(origin, direct, warmupBytes, chunk);
            }
            if (phases.contains("relay")) {
                bulk(origin, relayed, warmupBytes, chunk);
            }
            if (phases.contains("echo")) {
                ping(origin, direct, 500);
                ping(origin, relayed, 500);
            }
            double directGbps = 0;
            if (phases.contains("direct")) {
                for (int round = 1; round < Integer.getInteger("bench.rounds", 1); round++) {
                    report("QUIC direct, bulk, round " + round, bulk(origin, direct, bulkBytes, chunk));
                }
                directGbps = bulk(origin, direct, bulkBytes, chunk);
                report("QUIC direct, bulk", directGbps);
            }
            if (phases.contains("relay")) {
                double relayGbps = bulk(origin, relayed, bulkBytes, chunk);
                report("QUIC one relay, bulk", relayGbps);
                System.out.printf(Locale.ROOT, "  relay / direct: %.0f %%%n", 100 * relayGbps / directGbps);
            }
            if (phases.contains("tls")) {
                double tlsGbps = tlsOverTcp(cluster, destinationId, bulkBytes, chunk, epoll);
                report("TLS 1.3 over TCP (" + (OpenSsl.isAvailable() ? "OpenSSL/BoringSSL" : "JDK") + "), bulk", tlsGbps);
            }
            if (phases.contains("echo")) {
                latency("QUIC direct, echo RTT", ping(origin, direct, pings));
                latency("QUIC one relay, echo RTT", ping(origin, relayed, pings));
            }
        } finally {
            originLoop.close();
            relayLoop.close();
            destinationLoop.close();
        }
    }

    private static LoopCpu cpu;
    private static FabricNode relayNode;

    /** CPU time of each node's event-loop thread: wall-clock figures swing with the host's load, CPU per byte does not. */
    private static final class LoopCpu {
        private final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        private final long[] ids;
        private final String[] names;

        LoopCpu(List<FabricLoop> loops) throws Exception {
            ids = new long[loops.size()];
            names = new String[loops.size()];
            for (int i = 0; i < ids.length; i++) {
                Thread t = loops.get(i).group().submit(Thread::currentThread).get();
                ids[i] = t.getId();
                names[i] = t.getName().replaceAll("-.*", "");
            }
        }

        long[] now() {
            long[] v = new long[ids.length + 1];
            for (int i = 0; i < ids.length; i++) {
                v[i] = threads.getThreadCpuTime(ids[i]);
            }
            v[ids.length] = ((com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
            return v;
        }

        String perGiB(long[] before, long[] after, long bytes) {
            StringBuilder sb = new StringBuilder("CPU ms per GiB:");
            double gib = bytes / (1024.0 * MIB);
            for (int i = 0; i < ids.length; i++) {
                sb.append(String.format(Locale.ROOT, " %s %.0f", names[i], (after[i] - before[i]) / 1e6 / gib));
            }
            sb.append(String.format(Locale.ROOT, ", process %.0f", (after[ids.length] - before[ids.length]) / 1e6 / gib));
            return sb.toString();
        }

        /**
         * Every thread's CPU time by name from /proc (in clock ticks of 10 ms), JVM-internal threads
         * included: what the process spends outside the loops (JIT compilers, GC).
         */
        java.util.Map<String, Long> byThread() {
            java.util.Map<String, Long> cpu = new java.util.TreeMap<>();
            try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
                for (var task : (Iterable<java.nio.file.Path>) tasks::iterator) {
                    try {
                        String stat = java.nio.file.Files.readString(task.resolve("stat"));
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                                .replaceAll("[-#]?\\d+$", "");
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        cpu.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L, Long::sum);
                    } catch (java.io.IOException | RuntimeException gone) {
                        // the thread ended meanwhile
                    }
                }
            } catch (java.io.IOException e) {
                return cpu;
            }
            return cpu;
        }

        static String others(java.util.Map<String, Long> before, java.util.Map<String, Long> after, long bytes) {
            double gib = bytes / (1024.0 * MIB);
            StringBuilder sb = new StringBuilder("CPU ms per GiB by thread:");
            after.forEach((name, ns) -> {
                double ms = (ns - before.getOrDefault(name, 0L)) / 1e6 / gib;
                if (ms >= 20) {
                    sb.append(String.format(Locale.ROOT, " %s %.0f;", name, ms));
                }
            });
            return sb.toString();
        }
    }

    private static SnapshotPeer peer(FabricNode node, String role) {
        return new SnapshotPeer(node.nodeId(), "bench", List.of("127.0.0.1"), node.localAddress().getPort(),
                List.of(role));
    }

    private static void report(String what, double gbps) {
        System.out.printf(Locale.ROOT, "  %-40s %6.2f Gbit/s%n", what, gbps);
    }

    private static void latency(String what, long[] nanos) {
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "  %-40s p50 %5d µs   p99 %5d µs%n", what, nanos[nanos.length / 2] / 1000,
                nanos[(int) Math.ceil(nanos.length * 0.99) - 1] / 1000);
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    // --- bulk: write `total` bytes as fast as the stream takes them, until the sink's count arrives

    private static double bulk(FabricNode origin, Route route, long total, int chunk) throws Exception {
        CompletableFuture<Long> counted = new CompletableFuture<>();
        BulkSender sender = new BulkSender(total, chunk, counted);
        long[] cpuBefore = cpu == null ? null : cpu.now();
        var threadsBefore = cpu == null ? null : cpu.byThread();
        long start = System.nanoTime();
        QuicStreamChannel stream = origin.openStream(route, BULK, sender).get(10, TimeUnit.SECONDS);
        stream.eventLoop().execute(() -> sender.pump(stream));
        long received = counted.get(300, TimeUnit.SECONDS);
        long nanos = System.nanoTime() - start;
        long[] cpuAfter = cpu == null ? null : cpu.now();
        if (received != total) {
            throw new IllegalStateException("the sink counted " + received + " of " + total + " bytes");
        }
        if (cpu != null) {
            System.out.println("    " + cpu.perGiB(cpuBefore, cpuAfter, total));
            if (Boolean.getBoolean("bench.verbose")) {
                System.out.println("    " + LoopCpu.others(threadsBefore, cpu.byThread(), total));
            }
        }
        if (Boolean.getBoolean("bench.verbose")) {
            var stats = stream.parent().collectStats().get(5, TimeUnit.SECONDS);
            var path = stream.parent().collectPathStats(0).get(5, TimeUnit.SECONDS);
            System.out.printf(Locale.ROOT, "    (%s: %d MiB in %d ms, %.2f Gbit/s; connection so far: sent %d, recv %d, lost %d,"
                            + " retrans %d packets; rtt %d us, cwnd %d KiB)%n", route, total / MIB, nanos / 1_000_000,
                    total * 8.0 / nanos, stats.sent(), stats.recv(), stats.lost(), stats.retrans(), path.rtt() / 1000,
                    path.cwnd() / 1024);
            if (!route.isDirect() && relayNode != null) {
                RelayBindings.Stats relayed = relayNode.bindings().stats();
                System.out.printf(Locale.ROOT, "    (relay bindings so far: %d datagrams, %d MiB forwarded, %d dropped,"
                                + " %d sends refused)%n", relayed.forwardedDatagrams(), relayed.forwardedBytes() / MIB,
                        relayed.droppedDatagrams(), relayed.sendFailures());
            }
        }
        return total * 8.0 / nanos;
    }

    /** Writes while the stream is writable; resumes when it becomes writable again. */
    private static final class BulkSender extends ChannelInboundHandlerAdapter {
        private final ByteBuf data;
        private final CompletableFuture<Long> counted;
        private long remaining;
        private ByteBuf answer;

        BulkSender(long total, int chunk, CompletableFuture<Long> counted) {
            this.data = Unpooled.directBuffer(chunk).writeZero(chunk);
            this.remaining = total;
            this.counted = counted;
        }

        void pump(Channel stream) {
            while (remaining > 0 && stream.isWritable()) {
                int n = (int) Math.min(remaining, data.readableBytes());
                remaining -= n;
                stream.write(data.retainedSlice(0, n), stream.voidPromise());
            }
            stream.flush();
            if (remaining == 0) {
                remaining = -1;
                // After the queued writes, not at once: shutting down now would drop them.
                stream.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
                data.release();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable() && remaining > 0) {
                pump(ctx.channel());
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            if (answer == null) {
                answer = ctx.alloc().buffer(8);
            }
            answer.writeBytes(buf);
            buf.release();
            if (answer.readableBytes() >= 8) {
                counted.complete(answer.readLong());
                answer.release();
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            counted.completeExceptionally(cause);
            ctx.close();
        }
    }

    // --- echo latency: one open stream, 64 bytes out, 64 bytes back, repeated

    private static long[] ping(FabricNode origin, Route route, int count) throws Exception {
        CompletableFuture<long[]> done = new CompletableFuture<>();
        Pinger pinger = new Pinger(count, done);
        QuicStreamChannel stream = origin.openStream(route, FabricNode.ECHO, pinger).get(10, TimeUnit.SECONDS);
        stream.eventLoop().execute(() -> pinger.send(stream));
        long[] result = done.get(120, TimeUnit.SECONDS);
        stream.close();
        return result;
    }

    private static final class Pinger extends ChannelInboundHandlerAdapter {
        private static final int SIZE = 64;
        private final long[] samples;
        private final CompletableFuture<long[]> done;
        private int index;
        private int pending;
        private long sentAt;

        Pinger(int count, CompletableFuture<long[]> done) {
            this.samples = new long[count];
            this.done = done;
        }

        void send(Channel stream) {
            pending = SIZE;
            sentAt = System.nanoTime();
            stream.writeAndFlush(Unpooled.wrappedBuffer(new byte[SIZE]), stream.voidPromise());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            pending -= buf.readableBytes();
            buf.release();
            if (pending > 0) {
                return;
            }
            samples[index++] = System.nanoTime() - sentAt;
            if (index == samples.length) {
                done.complete(samples);
            } else {
                send(ctx.channel());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            done.completeExceptionally(cause);
            ctx.close();
        }
    }

    // --- the reference: TLS 1.3 over TCP with the same certificates, Netty with OpenSSL (BoringSSL)

    private static double tlsOverTcp(TestCa cluster, FabricIdentity serverId, long total, int chunk, boolean epoll)
            throws Exception {
        FabricIdentity clientId = cluster.node();
        SslProvider provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        SslContext serverTls = SslContextBuilder.forServer(serverId.key(), serverId.certificate())
                .trustManager(cluster.certificate).clientAuth(ClientAuth.REQUIRE).sslProvider(provider)
                .protocols("TLSv1.3").build();
        SslContext clientTls = SslContextBuilder.forClient().keyManager(clientId.key(), clientId.certificate())
                .trustManager(cluster.certificate).endpointIdentificationAlgorithm(null).sslProvider(provider)
                .protocols("TLSv1.3").build();
        try (FabricLoop serverLoop = new FabricLoop("tls-server", epoll);
             FabricLoop clientLoop = new FabricLoop("tls-client", epoll)) {
            EventLoopGroup server = serverLoop.group();
            boolean isEpoll = FabricLoop.isEpoll(server);
            Channel listener = new ServerBootstrap().group(server)
                    .channel(isEpoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast("tls", serverTls.newHandler(ch.alloc()))
                                    .addLast("sink", new TcpSink());
                        }
                    }).bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            try {
                double best = 0;
                for (long bytes : new long[]{128 * MIB, total}) { // the first run warms up
                    CompletableFuture<Long> counted = new CompletableFuture<>();
                    BulkSender sender = new BulkSender(bytes, chunk, counted);
                    long start = System.nanoTime();
                    Channel ch = new Bootstrap().group(clientLoop.group())
                            .channel(isEpoll ? EpollSocketChannel.class : NioSocketChannel.class)
                            .handler(new ChannelInitializer<SocketChannel>() {
                                @Override
                                protected void initChannel(SocketChannel c) {
                                    c.pipeline().addLast("tls", clientTls.newHandler(c.alloc()))
                                            .addLast("sender", new TcpSender(sender));
                                }
                            }).connect(listener.localAddress()).sync().channel();
                    long received = counted.get(300, TimeUnit.SECONDS);
                    long nanos = System.nanoTime() - start;
                    ch.close();
                    if (received != bytes) {
                        throw new IllegalStateException("TLS sink counted " + received + " of " + bytes);
                    }
                    best = bytes * 8.0 / nanos;
                }
                return best;
            } finally {
                listener.close().sync();
            }
        }
    }

    /**
     * TCP with TLS has no clean half-close (a close_notify closes the connection), so the sender
     * announces the byte count first and the sink answers once that many arrived.
     */
    private static final class TcpSink extends ChannelInboundHandlerAdapter {
        private long expected = -1;
        private long received;
        private final ByteBuf prefix = Unpooled.buffer(8);

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            if (expected < 0) {
                prefix.writeBytes(buf, Math.min(buf.readableBytes(), prefix.writableBytes()));
                if (prefix.readableBytes() == 8) {
                    expected = prefix.readLong();
                }
            }
            received += buf.readableBytes();
            buf.release();
            if (expected >= 0 && received == expected) {
                ctx.writeAndFlush(ctx.alloc().buffer(8).writeLong(received));
            }
        }
    }

    /** Adapts {@link BulkSender} to TCP: starts after the TLS handshake, ends with a half-close. */
    private static final class TcpSender extends ChannelInboundHandlerAdapter {
        private final BulkSender sender;

        TcpSender(BulkSender sender) {
            this.sender = sender;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof io.netty.handler.ssl.SslHandshakeCompletionEvent done && done.isSuccess()) {
                ctx.write(ctx.alloc().buffer(8).writeLong(sender.remaining));
                pump(ctx);
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                pump(ctx);
            }
        }

        private void pump(ChannelHandlerContext ctx) {
            Channel ch = ctx.channel();
            while (sender.remaining > 0 && ch.isWritable()) {
                int n = (int) Math.min(sender.remaining, sender.data.readableBytes());
                sender.remaining -= n;
                ch.write(sender.data.retainedSlice(0, n), ch.voidPromise());
            }
            ch.flush();
            if (sender.remaining == 0) {
                sender.remaining = -1;
                sender.data.release();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            sender.channelRead(ctx, msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            sender.exceptionCaught(ctx, cause);
        }
    }
}
