package io.rap.fabric.domain.access;

import io.rap.fabric.domain.shared.DomainException;

/** A high-risk action needs a level-2 authentication no older than {@link AccessPolicy#stepUpMaxAge()}. */
public class StepUpRequiredException extends DomainException {
    public StepUpRequiredException() {
        super("step_up_required", "This action needs a fresh confirmation with your one-time code");
    }
}
