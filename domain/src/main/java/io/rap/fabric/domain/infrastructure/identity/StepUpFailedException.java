package io.rap.fabric.domain.infrastructure.identity;

import io.rap.fabric.domain.shared.DomainException;

/** The step-up round trip did not prove a fresh level-2 authentication of the same person. */
public class StepUpFailedException extends DomainException {
    public StepUpFailedException(String message) {
        super("step_up_failed", message);
    }

    public StepUpFailedException(String message, Throwable cause) {
        super("step_up_failed", message, cause);
    }
}
