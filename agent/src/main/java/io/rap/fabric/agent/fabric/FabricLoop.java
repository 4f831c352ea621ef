package io.rap.fabric.agent.fabric;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.TimeUnit;

/**
 * The fabric's one event-loop thread, created on first use so that an agent without
 * fabric workloads starts no Netty thread at all. It uses epoll where the native transport
 * loads (Linux x86_64): only epoll can send UDP with segmentation offload (GSO), which
 * roughly doubles QUIC throughput; NIO is the fallback.
 */
public final class FabricLoop implements AutoCloseable {

    private final String name;
    private final boolean preferEpoll;
    private EventLoopGroup group;

    public FabricLoop() {
        this("rap-fabric", true);
    }

    public FabricLoop(String name, boolean preferEpoll) {
        this.name = name;
        this.preferEpoll = preferEpoll;
    }

    public synchronized EventLoopGroup group() {
        if (group == null) {
            group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(name, true),
                    preferEpoll && Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        }
        return group;
    }

    /** Whether {@code group} runs epoll, so that its channels may use epoll-only options. */
    public static boolean isEpoll(EventLoopGroup group) {
        return group instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class);
    }

    /** The UDP channel type {@code group} can register. */
    public static Class<? extends Channel> datagramChannel(EventLoopGroup group) {
        return isEpoll(group) ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    @Override
    public synchronized void close() {
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            group = null;
        }
    }
}
