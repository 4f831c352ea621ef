package io.rap.fabric.domain.node;

import java.net.URI;

/**
 * What a node sent, as the API layer received it: the proof header, the method and the
 * absolute URI the node addressed, and the exact body bytes the proof covers.
 */
public record SignedRequest(String proof, String method, URI uri, byte[] body) {

    public SignedRequest {
        body = body == null ? new byte[0] : body;
    }
}
