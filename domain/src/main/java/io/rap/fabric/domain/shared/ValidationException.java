package io.rap.fabric.domain.shared;

/** Input that can never succeed as given; {@link #field()} names the offending field when there is one. */
public class ValidationException extends DomainException {

    private final String field;

    public ValidationException(String field, String message) {
        super("invalid_input", message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
