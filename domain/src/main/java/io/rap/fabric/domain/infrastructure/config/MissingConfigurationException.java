package io.rap.fabric.domain.infrastructure.config;

import io.rap.fabric.domain.shared.DomainException;

/** A setting the operation needs is not configured; the message names it (never its value). */
public class MissingConfigurationException extends DomainException {
    public MissingConfigurationException(String name) {
        super("server_misconfigured", "The server setting " + name + " is missing or invalid; see docs/configuration.md");
    }
}
