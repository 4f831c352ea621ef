package io.rap.fabric.agent.fabric;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A malicious relay's forwarding in a test: passes datagrams between the first sender and a
 * fixed destination on 127.0.0.1, recording everything it passes; if {@code tamper}, it flips
 * one bit in every datagram it passes on. Plain blocking sockets on a thread of its own.
 */
final class UdpProxy implements AutoCloseable {

    private final DatagramSocket socket;
    private final InetSocketAddress destination;
    private final boolean tamper;
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
    private final AtomicInteger datagrams = new AtomicInteger();
    private final Thread thread;
    private volatile SocketAddress origin;

    private UdpProxy(InetSocketAddress destination, boolean tamper) throws SocketException {
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.destination = destination;
        this.tamper = tamper;
        this.thread = new Thread(this::run, "udp-proxy");
        thread.setDaemon(true);
    }

    static UdpProxy start(InetSocketAddress destination, boolean tamper) throws SocketException {
        UdpProxy proxy = new UdpProxy(destination, tamper);
        proxy.thread.start();
        return proxy;
    }

    int port() {
        return socket.getLocalPort();
    }

    int datagrams() {
        return datagrams.get();
    }

    /** Whether {@code bytes} appeared whole within one datagram that passed. */
    synchronized boolean sawBytes(byte[] bytes) {
        byte[] all = seen.toByteArray();
        outer:
        for (int i = 0; i + bytes.length <= all.length; i++) {
            for (int j = 0; j < bytes.length; j++) {
                if (all[i + j] != bytes[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private void run() {
        byte[] buffer = new byte[65_536];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                SocketAddress from = packet.getSocketAddress();
                SocketAddress to;
                if (from.equals(destination)) {
                    to = origin;
                } else {
                    if (origin == null) {
                        origin = from;
                    }
                    to = from.equals(origin) ? destination : null;
                }
                if (to == null) {
                    continue;
                }
                byte[] data = Arrays.copyOfRange(buffer, 0, packet.getLength());
                synchronized (this) {
                    seen.write(data, 0, data.length);
                    seen.write(0); // a separator: matches never span two datagrams
                }
                datagrams.incrementAndGet();
                if (tamper && data.length > 0) {
                    data[data.length - 1] ^= 1;
                }
                socket.send(new DatagramPacket(data, data.length, to));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
