package io.rap.fabric.domain.infrastructure.identity;

import io.rap.fabric.domain.shared.DomainException;

/** The identity provider's metadata or keys could not be fetched, so nothing it signed can be checked. */
public class IdentityProviderUnavailableException extends DomainException {
    public IdentityProviderUnavailableException(String message) {
        super("identity_provider_unavailable", message);
    }

    public IdentityProviderUnavailableException(String message, Throwable cause) {
        super("identity_provider_unavailable", message, cause);
    }
}
