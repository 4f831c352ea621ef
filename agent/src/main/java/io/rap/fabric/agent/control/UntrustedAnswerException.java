package io.rap.fabric.agent.control;

/** The control plane handed over identity material this node must not accept. */
public class UntrustedAnswerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UntrustedAnswerException(String message) {
        super(message);
    }
}
