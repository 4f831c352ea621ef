package io.rap.fabric.domain.node;

import java.net.URI;

/**
 * What a node sent, as the API layer received it: the proof header, the method and the
 * absolute URI the node addressed, the exact body bytes the proof covers, and the source
 * address (for the audit of refused requests; null when the caller does not know it).
 */
public record SignedRequest(String proof, String method, URI uri, byte[] body, String sourceAddress) {

    public SignedRequest {
        body = body == null ? new byte[0] : body;
    }

    public SignedRequest(String proof, String method, URI uri, byte[] body) {
        this(proof, method, uri, body, null);
    }
}
