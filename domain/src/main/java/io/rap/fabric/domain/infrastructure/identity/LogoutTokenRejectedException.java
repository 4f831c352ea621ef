package io.rap.fabric.domain.infrastructure.identity;

import io.rap.fabric.domain.shared.DomainException;

/**
 * A back-channel logout request whose token does not prove that the identity provider ended a
 * session of this client. The message names the failed check, never the token.
 */
public class LogoutTokenRejectedException extends DomainException {
    public LogoutTokenRejectedException(String message) {
        super("logout_token_invalid", message);
    }

    public LogoutTokenRejectedException(String message, Throwable cause) {
        super("logout_token_invalid", message, cause);
    }
}
