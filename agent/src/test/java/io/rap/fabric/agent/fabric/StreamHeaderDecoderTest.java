package io.rap.fabric.agent.fabric;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamHeaderDecoderTest {

    @Test
    void anAssertionArrivingInPiecesIsOneHeaderAndTheRestIsPayload() {
        EmbeddedChannel channel = new EmbeddedChannel(new StreamHeaderDecoder());
        ByteBuf bytes = Unpooled.wrappedBuffer(StreamHeader.assertion(ByteBufAllocator.DEFAULT, new byte[]{1, 2, 3}),
                Unpooled.copiedBuffer("payload", StandardCharsets.US_ASCII));

        while (bytes.isReadable()) {
            channel.writeInbound(bytes.readRetainedSlice(Math.min(2, bytes.readableBytes())));
        }
        bytes.release();

        StreamHeader.Asserted header = channel.readInbound();
        assertThat(header.assertion()).containsExactly(1, 2, 3);
        StringBuilder payload = new StringBuilder();
        for (ByteBuf buf; (buf = channel.readInbound()) != null; buf.release()) {
            payload.append(buf.toString(StandardCharsets.US_ASCII));
        }
        assertThat(payload).hasToString("payload");
        assertThat(channel.pipeline().get(StreamHeaderDecoder.class)).as("gone after the header").isNull();
        channel.finishAndReleaseAll();
    }

    @Test
    void aForwardingRequestNamesOneNode() {
        EmbeddedChannel channel = new EmbeddedChannel(new StreamHeaderDecoder());
        UUID destination = UUID.randomUUID();

        channel.writeInbound(StreamHeader.forward(ByteBufAllocator.DEFAULT, destination));

        StreamHeader.Forward header = channel.readInbound();
        assertThat(header.destination()).isEqualTo(destination);
        channel.finishAndReleaseAll();
    }

    @Test
    void aForwardingRequestOfAnotherLengthAndTheRetiredRelayFrameAreRefused() {
        EmbeddedChannel shortRequest = new EmbeddedChannel(new StreamHeaderDecoder());
        assertThatThrownBy(() -> shortRequest.writeInbound(Unpooled.wrappedBuffer(new byte[]{4, 0, 2, 1, 2})))
                .isInstanceOf(DecoderException.class).hasMessageContaining("16-byte node id");
        shortRequest.finishAndReleaseAll();

        // Type 2 asked a relay to terminate QUIC and splice streams; relays no longer do that.
        EmbeddedChannel retired = new EmbeddedChannel(new StreamHeaderDecoder());
        assertThatThrownBy(() -> retired.writeInbound(Unpooled.wrappedBuffer(new byte[]{2, 0, 1, 0})))
                .isInstanceOf(DecoderException.class).hasMessageContaining("unknown stream header frame type 2");
        retired.finishAndReleaseAll();
    }

    @Test
    void anOversizedFrameIsRefusedBeforeItIsBuffered() {
        EmbeddedChannel channel = new EmbeddedChannel(new StreamHeaderDecoder());

        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(new byte[]{3, (byte) 0xff, (byte) 0xff})))
                .isInstanceOf(DecoderException.class).hasMessageContaining("too large");
        channel.finishAndReleaseAll();
    }
}
