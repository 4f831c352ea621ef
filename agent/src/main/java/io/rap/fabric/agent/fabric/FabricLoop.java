package io.rap.fabric.agent.fabric;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.TimeUnit;

/**
 * The fabric's one event-loop thread, created on first use so that an agent without
 * fabric workloads starts no Netty thread at all.
 */
public final class FabricLoop implements AutoCloseable {

    private EventLoopGroup group;

    public synchronized EventLoopGroup group() {
        if (group == null) {
            group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("rap-fabric", true),
                    NioIoHandler.newFactory());
        }
        return group;
    }

    @Override
    public synchronized void close() {
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            group = null;
        }
    }
}
