package io.rap.fabric.agent.fabric;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The relay's forwarding bindings on real UDP sockets on 127.0.0.1: a binding joins exactly two
 * addresses and nobody else, respects its limits, and ends when idle or when its origin is revoked.
 */
@Timeout(60)
class RelayBindingsTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final FabricLoop loop = new FabricLoop();
    private final RevocationSet revocations = new RevocationSet();
    private final List<DatagramSocket> sockets = new ArrayList<>();
    private RelayBindings bindings;

    @AfterEach
    void stop() {
        if (bindings != null) {
            bindings.close();
        }
        sockets.forEach(DatagramSocket::close);
        loop.close();
    }

    private RelayBindings bindings(FabricTransport transport, RelayPorts ports) {
        return bindings(transport, ports, LOOPBACK);
    }

    private RelayBindings bindings(FabricTransport transport, RelayPorts ports, InetAddress bindAddress) {
        bindings = new RelayBindings(loop.group(), transport, bindAddress, ports, revocations);
        return bindings;
    }

    private DatagramSocket socket() throws Exception {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        sockets.add(socket);
        return socket;
    }

    /** A binding for a new origin with certificate serial {@code serial}, once its port is bound. */
    private static RelayBindings.Binding open(RelayBindings relay, String serial, DatagramSocket origin,
                                              DatagramSocket destination) throws Exception {
        return relay.open(UUID.randomUUID(), serial, address(origin), address(destination)).get(5, TimeUnit.SECONDS);
    }

    private static InetSocketAddress address(DatagramSocket socket) {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private static void send(DatagramSocket from, String text, int port) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        from.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress(LOOPBACK, port)));
    }

    /** The next datagram's text and sender port, waiting up to 5 s. */
    private static String receive(DatagramSocket socket) throws Exception {
        return receive(socket, 5000);
    }

    /** Whether nothing arrives within 300 ms (what should not come through). */
    private static boolean nothingArrives(DatagramSocket socket) throws Exception {
        return receive(socket, 300) == null;
    }

    /** The next datagram's text and sender port, or {@code null} when none arrives within {@code millis}. */
    private static String receive(DatagramSocket socket, int millis) throws Exception {
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        socket.setSoTimeout(millis);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII) + "@" + packet.getPort();
    }

    @Test
    void aBindingPassesDatagramsBetweenItsTwoEndsAndDropsEveryoneElses() throws Exception {
        DatagramSocket origin = socket();
        DatagramSocket destination = socket();
        DatagramSocket stranger = socket();
        RelayBindings.Binding binding = bindings(FabricTransport.DEFAULT, RelayPorts.EPHEMERAL)
                .open(UUID.randomUUID(), "01", address(origin), address(destination)).get(5, TimeUnit.SECONDS);
        int port = binding.port();

        send(origin, "to the destination", port);
        assertThat(receive(destination)).isEqualTo("to the destination@" + port);
        send(destination, "back to the origin", port);
        assertThat(receive(origin)).isEqualTo("back to the origin@" + port);

        send(stranger, "let me in", port);
        assertThat(nothingArrives(destination)).as("a stranger reaches no one").isTrue();
        assertThat(nothingArrives(origin)).isTrue();
        assertThat(bindings.stats()).satisfies(s -> {
            assertThat(s.open()).isEqualTo(1);
            assertThat(s.forwardedDatagrams()).isEqualTo(2);
            assertThat(s.droppedDatagrams()).isEqualTo(1);
        });

        binding.close();
        binding.closed().get(5, TimeUnit.SECONDS);
        assertThat(bindings.stats().open()).isZero();
        send(origin, "after the end", port);
        assertThat(nothingArrives(destination)).isTrue();
    }

    @Test
    void onAllAddressesLikeAnAgentsFabricPortTheEndsAreStillRecognised() throws Exception {
        // The echo workload binds the wildcard address; epoll may then report IPv4 senders as
        // IPv4-mapped IPv6 addresses, which must still match the IPv4 ends of the binding.
        DatagramSocket origin = socket();
        DatagramSocket destination = socket();
        RelayBindings.Binding binding = bindings(FabricTransport.DEFAULT, RelayPorts.EPHEMERAL,
                new InetSocketAddress(0).getAddress())
                .open(UUID.randomUUID(), "01", address(origin), address(destination)).get(5, TimeUnit.SECONDS);

        send(origin, "there", binding.port());
        assertThat(receive(destination)).isEqualTo("there@" + binding.port());
        send(destination, "and back", binding.port());
        assertThat(receive(origin)).isEqualTo("and back@" + binding.port());
    }

    @Test
    void anOriginHoldsAtMostSixteenBindingsAndAFixedRangeAtMostOnePerPort() throws Exception {
        DatagramSocket origin = socket();
        DatagramSocket destination = socket();
        RelayBindings relay = bindings(FabricTransport.DEFAULT, RelayPorts.EPHEMERAL);
        UUID greedy = UUID.randomUUID();
        for (int i = 0; i < RelayBindings.MAX_PER_ORIGIN; i++) {
            relay.open(greedy, "01", address(origin), address(destination)).get(5, TimeUnit.SECONDS);
        }

        assertThatThrownBy(() -> relay.open(greedy, "01", address(origin), address(destination)).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(RelayBindings.Refused.class)
                .satisfies(e -> assertThat(((RelayBindings.Refused) e).code).isEqualTo("relay_origin_limit"));
        assertThat(open(relay, "02", origin, destination).port()).as("another origin still gets one").isPositive();
        relay.close();

        int free;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            free = probe.getLocalPort();
        }
        RelayBindings onePort = bindings(FabricTransport.DEFAULT, new RelayPorts(free, free));
        assertThat(open(onePort, "01", origin, destination).port()).isEqualTo(free);
        assertThatThrownBy(() -> open(onePort, "02", origin, destination)).cause()
                .satisfies(e -> assertThat(((RelayBindings.Refused) e).code).isEqualTo("relay_busy"));
    }

    @Test
    void aBindingEndsWhenIdle() throws Exception {
        DatagramSocket origin = socket();
        DatagramSocket destination = socket();
        RelayBindings relay = bindings(FabricTransport.DEFAULT.withIdleTimeoutMillis(600), RelayPorts.EPHEMERAL);

        RelayBindings.Binding idle = open(relay, "0a", origin, destination);

        idle.closed().get(5, TimeUnit.SECONDS);
        assertThat(relay.stats().open()).isZero();
    }

    @Test
    void aRevokedOriginLosesItsBindingsAtTheNextPeriodicCheckEvenUntold() throws Exception {
        DatagramSocket origin = socket();
        DatagramSocket destination = socket();
        RelayBindings relay = bindings(FabricTransport.DEFAULT.withIdleTimeoutMillis(3000), RelayPorts.EPHEMERAL);
        RelayBindings.Binding revoked = open(relay, "0d", origin, destination);
        long start = System.nanoTime();

        revocations.update(List.of("0d")); // no endRevoked(): only the check every second finds it

        revoked.closed().get(5, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("before the 3 s idle timeout")
                .isLessThan(Duration.ofMillis(2900));
    }

    @Test
    void aRevokedOriginGetsNoBindingAndLosesTheOnesItHas() throws Exception {
        DatagramSocket origin = socket();
        DatagramSocket destination = socket();
        // Idle bindings live 30 s here: only the revocation can end one within the test.
        RelayBindings relay = bindings(FabricTransport.DEFAULT, RelayPorts.EPHEMERAL);
        RelayBindings.Binding revoked = open(relay, "0b", origin, destination);
        RelayBindings.Binding other = open(relay, "0c", origin, destination);

        revocations.update(List.of("0b"));
        relay.endRevoked(); // what the fabric node does on every revocation update

        assertThatThrownBy(() -> open(relay, "0b", origin, destination)).cause()
                .satisfies(e -> assertThat(((RelayBindings.Refused) e).code).isEqualTo("relay_origin_revoked"));
        revoked.closed().get(2, TimeUnit.SECONDS); // at once, not at the periodic check (every 10 s here)
        assertThat(other.closed()).as("its origin is not revoked").isNotDone();
    }

    @Test
    void requestsRacingEachOtherCannotPassTheLimit() throws Exception {
        DatagramSocket origin = socket();
        DatagramSocket destination = socket();
        RelayBindings relay = bindings(FabricTransport.DEFAULT, RelayPorts.EPHEMERAL);
        UUID greedy = UUID.randomUUID();
        List<java.util.concurrent.CompletableFuture<RelayBindings.Binding>> requests = new ArrayList<>();

        for (int i = 0; i < 40; i++) {
            requests.add(relay.open(greedy, "01", address(origin), address(destination)));
        }

        int granted = 0;
        int refused = 0;
        for (var request : requests) {
            try {
                request.get(5, TimeUnit.SECONDS);
                granted++;
            } catch (ExecutionException e) {
                assertThat(((RelayBindings.Refused) e.getCause()).code).isEqualTo("relay_origin_limit");
                refused++;
            }
        }
        assertThat(granted).isEqualTo(RelayBindings.MAX_PER_ORIGIN);
        assertThat(refused).isEqualTo(40 - RelayBindings.MAX_PER_ORIGIN);
    }

    @Test
    void aBurstArrivesAsItWasSentWhateverTheSizes() throws Exception {
        DatagramSocket origin = socket();
        DatagramSocket destination = socket();
        int port = bindings(FabricTransport.DEFAULT, RelayPorts.EPHEMERAL)
                .open(UUID.randomUUID(), "01", address(origin), address(destination)).get(5, TimeUnit.SECONDS).port();
        // Equal sizes (one GSO run), a shorter one (ends the run), a larger one (starts another).
        int[] sizes = {1200, 1200, 1200, 1200, 1200, 500, 1200, 1200, 1300, 1200};
        InetSocketAddress relay = new InetSocketAddress(LOOPBACK, port);

        for (int i = 0; i < sizes.length; i++) {
            byte[] data = new byte[sizes[i]];
            java.util.Arrays.fill(data, (byte) i);
            origin.send(new DatagramPacket(data, data.length, relay));
        }

        for (int i = 0; i < sizes.length; i++) {
            DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
            destination.setSoTimeout(5000);
            destination.receive(packet);
            assertThat(packet.getLength()).as("datagram %d", i).isEqualTo(sizes[i]);
            for (int j = 0; j < packet.getLength(); j++) {
                assertThat(packet.getData()[j]).as("datagram %d byte %d", i, j).isEqualTo((byte) i);
            }
        }
        assertThat(nothingArrives(destination)).isTrue();
    }
}
