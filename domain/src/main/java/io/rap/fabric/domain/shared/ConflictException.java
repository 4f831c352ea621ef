package io.rap.fabric.domain.shared;

/** The object changed state meanwhile (another admin acted first, or it is no longer in the required state). */
public class ConflictException extends DomainException {
    public ConflictException(String code, String message) {
        super(code, message);
    }
}
