package io.rap.fabric.agent.control;

/** The enrollment request was rejected, expired or is unknown to the control plane. */
public class EnrollmentRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EnrollmentRefusedException(String message) {
        super(message);
    }
}
