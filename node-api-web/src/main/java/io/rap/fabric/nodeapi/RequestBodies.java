package io.rap.fabric.nodeapi;

import io.rap.fabric.protocol.Limits;
import io.rap.fabric.protocol.ProtocolException;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body without ever holding more than the node API's size limit. */
final class RequestBodies {

    private RequestBodies() {
    }

    static byte[] read(InputStream in) {
        if (in == null) {
            return new byte[0];
        }
        try {
            byte[] bytes = in.readNBytes(Limits.MAX_BODY_BYTES + 1);
            if (bytes.length > Limits.MAX_BODY_BYTES) {
                throw tooLarge();
            }
            return bytes;
        } catch (IOException e) {
            throw new ProtocolException(ProtocolException.MALFORMED_JSON, null, "The request body could not be read");
        }
    }

    static ProtocolException tooLarge() {
        return new ProtocolException(ProtocolException.BODY_TOO_LARGE, null,
                "The request body exceeds " + Limits.MAX_BODY_BYTES + " bytes");
    }
}
