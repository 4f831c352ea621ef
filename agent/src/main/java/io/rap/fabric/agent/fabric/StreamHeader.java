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
 *   <li>{@link Forward} ({@code FORWARD}): asks a relay for a forwarding binding to another
 *       node ({@link RelayBindings}); the relay answers on the same stream with one
 *       {@code FORWARDING} frame naming the binding's UDP port, and the binding lasts as long as
 *       the stream, or refuses with one {@code REFUSAL} frame (code and reason) and ends it.
 *       Nothing else travels on that stream but the origin's keep-alive bytes. The origin then
 *       runs its own QUIC connection to the destination through that port.</li>
 * </ul>
 */
sealed interface StreamHeader {

    int OPEN = 1;
    /** Type 2 was a relay request that terminated QUIC at the relay; it is refused as unknown. */
    int ASSERTION = 3;
    int FORWARD = 4;
    /** The relay's answer to {@code FORWARD}: {@code [5][0x0002][port u16]}. */
    int FORWARDING = 5;
    /** The relay's refusal of a {@code FORWARD}: {@code [6][length u16][code: detail, UTF-8]}. */
    int REFUSAL = 6;
    /** The longest refusal text sent; longer ones are cut. */
    int MAX_REFUSAL = 512;
    /** Larger headers are refused before they are buffered. */
    int MAX_FRAME_BODY = 8 * 1024;

    record Direct(String intent) implements StreamHeader {
    }

    record Asserted(byte[] assertion) implements StreamHeader {
    }

    record Forward(UUID destination) implements StreamHeader {
    }

    static ByteBuf open(ByteBufAllocator alloc, String intent) {
        return frame(alloc, OPEN, intent.getBytes(StandardCharsets.UTF_8));
    }

    static ByteBuf assertion(ByteBufAllocator alloc, byte[] signedAssertion) {
        return frame(alloc, ASSERTION, signedAssertion);
    }

    static ByteBuf forward(ByteBufAllocator alloc, UUID destination) {
        return alloc.buffer(3 + 16).writeByte(FORWARD).writeShort(16)
                .writeLong(destination.getMostSignificantBits()).writeLong(destination.getLeastSignificantBits());
    }

    static ByteBuf forwarding(ByteBufAllocator alloc, int port) {
        return alloc.buffer(5).writeByte(FORWARDING).writeShort(2).writeShort(port);
    }

    static ByteBuf refusal(ByteBufAllocator alloc, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(text.length, MAX_REFUSAL);
        return alloc.buffer(3 + length).writeByte(REFUSAL).writeShort(length).writeBytes(text, 0, length);
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
