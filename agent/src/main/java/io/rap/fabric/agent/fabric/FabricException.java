package io.rap.fabric.agent.fabric;

/** A fabric endpoint could not be opened or used; the message says which and why. */
public class FabricException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FabricException(String message, Throwable cause) {
        super(message, cause);
    }
}
