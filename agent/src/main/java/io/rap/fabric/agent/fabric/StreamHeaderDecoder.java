package io.rap.fabric.agent.fabric;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads the frames a fabric stream opens with ({@link StreamHeader}), passes one header on,
 * and leaves the pipeline: every later byte is payload and goes to whatever handler the
 * {@link StreamRouter} installs, untouched (bytes already read come right after the header).
 */
final class StreamHeaderDecoder extends ByteToMessageDecoder {

    private static final Pattern INTENT = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            decodeFrame(ctx, in, out);
        } catch (DecoderException e) {
            // Nothing after a bad header is worth decoding; drop it rather than try again.
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private void decodeFrame(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 3) {
            return;
        }
        int type = in.getUnsignedByte(in.readerIndex());
        int length = in.getUnsignedShort(in.readerIndex() + 1);
        if (length > StreamHeader.MAX_FRAME_BODY) {
            throw new DecoderException("stream header frame of " + length + " bytes is too large");
        }
        if (in.readableBytes() < 3 + length) {
            return;
        }
        in.skipBytes(3);
        ByteBuf body = in.readSlice(length);
        StreamHeader header = switch (type) {
            case StreamHeader.OPEN -> new StreamHeader.Direct(intent(body));
            case StreamHeader.ASSERTION -> new StreamHeader.Asserted(bytes(body));
            case StreamHeader.FORWARD -> {
                if (length != 16) {
                    throw new DecoderException("a FORWARD frame carries a 16-byte node id, not " + length + " bytes");
                }
                yield new StreamHeader.Forward(new UUID(body.readLong(), body.readLong()));
            }
            default -> throw new DecoderException("unknown stream header frame type " + type);
        };
        out.add(header);
        ctx.pipeline().remove(this);
    }

    private static String intent(ByteBuf body) {
        String intent = body.toString(StandardCharsets.UTF_8);
        if (!INTENT.matcher(intent).matches()) {
            throw new DecoderException("the stream's intent is not a service name");
        }
        return intent;
    }

    private static byte[] bytes(ByteBuf body) {
        byte[] bytes = new byte[body.readableBytes()];
        body.readBytes(bytes);
        return bytes;
    }
}
