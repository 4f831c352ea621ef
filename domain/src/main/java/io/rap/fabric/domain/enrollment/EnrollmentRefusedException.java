package io.rap.fabric.domain.enrollment;

import io.rap.fabric.domain.shared.DomainException;

/** An enrollment attempt that the token or the request itself does not allow. */
public class EnrollmentRefusedException extends DomainException {
    public EnrollmentRefusedException(String code, String message) {
        super(code, message);
    }
}
