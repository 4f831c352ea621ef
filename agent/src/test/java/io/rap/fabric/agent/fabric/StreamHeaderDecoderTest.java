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
    void aRelayHeaderArrivingInPiecesIsOneHeaderAndTheRestIsPayload() {
        EmbeddedChannel channel = new EmbeddedChannel(new StreamHeaderDecoder());
        UUID destination = UUID.randomUUID();
        ByteBuf bytes = Unpooled.wrappedBuffer(StreamHeader.relay(ByteBufAllocator.DEFAULT, destination, "synthetic.echo"),
                StreamHeader.assertion(ByteBufAllocator.DEFAULT, new byte[]{1, 2, 3}),
                Unpooled.copiedBuffer("payload", StandardCharsets.US_ASCII));

        while (bytes.isReadable()) {
            channel.writeInbound(bytes.readRetainedSlice(Math.min(5, bytes.readableBytes())));
        }
        bytes.release();

        StreamHeader.Relay header = channel.readInbound();
        assertThat(header.destination()).isEqualTo(destination);
        assertThat(header.intent()).isEqualTo("synthetic.echo");
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
    void aRelayRequestMustBeFollowedByAnAssertionNotAnotherRelay() {
        EmbeddedChannel channel = new EmbeddedChannel(new StreamHeaderDecoder());
        ByteBuf twoHops = Unpooled.wrappedBuffer(StreamHeader.relay(ByteBufAllocator.DEFAULT, UUID.randomUUID(), "x"),
                StreamHeader.relay(ByteBufAllocator.DEFAULT, UUID.randomUUID(), "x"));

        assertThatThrownBy(() -> channel.writeInbound(twoHops)).isInstanceOf(DecoderException.class);
        channel.finishAndReleaseAll();
    }

    @Test
    void anOversizedFrameIsRefusedBeforeItIsBuffered() {
        EmbeddedChannel channel = new EmbeddedChannel(new StreamHeaderDecoder());

        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(new byte[]{3, (byte) 0xff, (byte) 0xff})))
                .isInstanceOf(DecoderException.class).hasMessageContaining("too large");
        channel.finishAndReleaseAll();
    }
}
