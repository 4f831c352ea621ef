package io.rap.fabric.agent.control;

/** No HTTP answer at all: connection refused, DNS, TLS or timeout. */
public class ControlPlaneUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ControlPlaneUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
