package io.rap.fabric.agent.control;

import io.rap.fabric.protocol.RuntimeDetail;
import io.rap.fabric.protocol.WorkloadState;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.util.List;

/**
 * Samples the agent's own runtime for heartbeats while the {@code heartbeat_detail} test
 * telemetry flag applies: heap, live threads, uptime, open file descriptors and how many
 * supervised workloads run. Read from the JVM's management beans; nothing is kept between samples.
 */
public final class RuntimeProbe {

    public RuntimeDetail sample(List<WorkloadState> workloads) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        // Only Unix JVMs count descriptors; elsewhere the field is left out rather than guessed.
        Long descriptors = os instanceof com.sun.management.UnixOperatingSystemMXBean unix
                ? unix.getOpenFileDescriptorCount() : null;
        int running = (int) workloads.stream().filter(w -> w.state().equals("running")).count();
        return new RuntimeDetail(Math.max(0, heap.getUsed()), heap.getMax() < 0 ? null : heap.getMax(),
                ManagementFactory.getThreadMXBean().getThreadCount(),
                ManagementFactory.getRuntimeMXBean().getUptime() / 1000, descriptors, running);
    }
}
