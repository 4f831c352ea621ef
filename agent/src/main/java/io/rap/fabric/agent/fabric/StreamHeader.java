package io.rap.fabric.agent.fabric;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * What a fabric stream asks for, in the frames it opens with: {@code [type u8][length u16][body]}.
 * <ul>
 *   <li>{@link Direct} ({@code OPEN}): a service for the connection's own peer, e.g. the echo
 *       workload's self-probe; the origin is whoever the TLS handshake proved.</li>
 *   <li>{@link Asserted} ({@code ASSERTION}): a service for the origin named in a signed origin
 *       assertion; what every stream of a {@link FabricNode} sends, direct or relayed.</li>
 *   <li>{@link Relay} ({@code RELAY} then {@code ASSERTION}): forward the rest of the stream
 *       to another node. A relay forwards only the assertion and the bytes after it, never
 *       another {@code RELAY} frame, so routes are one relay long and cannot loop.</li>
 * </ul>
 */
sealed interface StreamHeader {

    int OPEN = 1;
    int RELAY = 2;
    int ASSERTION = 3;
    /** Larger headers are refused before they are buffered. */
    int MAX_FRAME_BODY = 8 * 1024;

    record Direct(String intent) implements StreamHeader {
    }

    record Asserted(byte[] assertion) implements StreamHeader {
    }

    record Relay(UUID destination, String intent, byte[] assertion) implements StreamHeader {
    }

    static ByteBuf open(ByteBufAllocator alloc, String intent) {
        return frame(alloc, OPEN, intent.getBytes(StandardCharsets.UTF_8));
    }

    static ByteBuf assertion(ByteBufAllocator alloc, byte[] signedAssertion) {
        return frame(alloc, ASSERTION, signedAssertion);
    }

    static ByteBuf relay(ByteBufAllocator alloc, UUID destination, String intent) {
        byte[] name = intent.getBytes(StandardCharsets.UTF_8);
        ByteBuf buf = alloc.buffer(3 + 16 + name.length);
        buf.writeByte(RELAY).writeShort(16 + name.length)
                .writeLong(destination.getMostSignificantBits()).writeLong(destination.getLeastSignificantBits())
                .writeBytes(name);
        return buf;
    }

    private static ByteBuf frame(ByteBufAllocator alloc, int type, byte[] body) {
        if (body.length > MAX_FRAME_BODY) {
            throw new IllegalArgumentException("a stream header frame carries at most " + MAX_FRAME_BODY + " bytes");
        }
        ByteBuf buf = alloc.buffer(3 + body.length);
        buf.writeByte(type).writeShort(body.length).writeBytes(body);
        return buf;
    }
}
