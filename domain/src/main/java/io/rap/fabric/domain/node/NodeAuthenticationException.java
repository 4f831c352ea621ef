package io.rap.fabric.domain.node;

import io.rap.fabric.domain.shared.DomainException;

/** A node request whose proof or identity does not hold; the code says which check failed. */
public class NodeAuthenticationException extends DomainException {
    public NodeAuthenticationException(String code, String message) {
        super(code, message);
    }
}
