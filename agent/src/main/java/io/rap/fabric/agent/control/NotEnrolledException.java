package io.rap.fabric.agent.control;

/** The state directory holds no enrollment to act on. */
public class NotEnrolledException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NotEnrolledException(String message) {
        super(message);
    }
}
