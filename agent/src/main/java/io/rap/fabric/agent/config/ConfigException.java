package io.rap.fabric.agent.config;

/** A configuration value the agent cannot use; the message names its file and line or variable. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
