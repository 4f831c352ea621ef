package io.rap.fabric.domain.organization;

import io.rap.fabric.domain.shared.DomainException;

/** No enabled policy lets this person reach this resource from this entry point now (or not without MFA). */
public class AccessRefusedException extends DomainException {
    public AccessRefusedException(String code, String message) {
        super(code, message);
    }
}
