package io.rap.fabric.domain.shared;

/** Trimming and length checks for free-text input, with errors that name the field. */
public final class Inputs {

    private Inputs() {
    }

    public static String required(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(field, "The " + field + " is required");
        }
        return optional(field, value, maxLength);
    }

    /** Blank becomes null. */
    public static String optional(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.strip();
        if (trimmed.length() > maxLength) {
            throw new ValidationException(field, "The " + field + " must be at most " + maxLength + " characters");
        }
        return trimmed;
    }
}
