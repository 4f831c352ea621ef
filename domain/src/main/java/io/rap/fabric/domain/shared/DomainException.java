package io.rap.fabric.domain.shared;

/**
 * Base of every refusal the domain makes. {@link #code()} is stable and safe to send to a
 * client; the message is written for people and never contains secrets or stack details.
 */
public abstract class DomainException extends RuntimeException {

    private final String code;

    protected DomainException(String code, String message) {
        super(message);
        this.code = code;
    }

    protected DomainException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
