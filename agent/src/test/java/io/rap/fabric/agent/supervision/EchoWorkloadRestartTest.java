package io.rap.fabric.agent.supervision;

import io.rap.fabric.agent.fabric.FabricLoop;
import io.rap.fabric.agent.fabric.FabricNode;
import io.rap.fabric.agent.fabric.RunningFabric;
import io.rap.fabric.agent.fabric.TestCa;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.DatagramSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Restarting the echo workload replaces its fabric node: the old one gives its port back. */
@Timeout(60)
class EchoWorkloadRestartTest {

    private final FabricLoop loop = new FabricLoop();
    private EchoWorkload workload;

    @AfterEach
    void stop() {
        if (workload != null) {
            workload.stop();
        }
        loop.close();
    }

    @Test
    void aSecondStartWithoutStopRebindsTheSamePort() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0)) {
            port = probe.getLocalPort();
        }
        RunningFabric running = new RunningFabric(Duration.ofSeconds(20));
        workload = EchoWorkload.prepare(Map.of("port", String.valueOf(port)), 7443, loop.group(),
                new TestCa("Restart CA").node(), FabricNode.Options.defaults(), Duration.ofSeconds(5), running,
                List::of);

        workload.start();
        FabricNode first = running.node().orElseThrow();
        workload.start(); // e.g. the supervisor restarting it after a failed health check

        assertThat(first.isOpen()).as("the first node was closed").isFalse();
        assertThat(running.node()).get().isNotSameAs(first).satisfies(n -> {
            assertThat(n.isOpen()).isTrue();
            assertThat(n.localAddress().getPort()).isEqualTo(port);
        });
    }
}
