package io.rap.fabric.domain.access;

import io.rap.fabric.domain.shared.DomainException;

/** The caller's scope does not cover the operation. */
public class AccessDeniedException extends DomainException {
    public AccessDeniedException(String message) {
        super("access_denied", message);
    }
}
