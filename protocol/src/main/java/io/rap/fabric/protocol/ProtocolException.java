package io.rap.fabric.protocol;

/**
 * A message, PEM, CSR or proof that breaks the wire contract.
 *
 * <p>{@link #code()} is stable and meant for machines (problem types, metrics, tests);
 * the message is written for people and never contains secrets or stack details, so
 * it is safe to show to the caller that sent the input.
 */
public class ProtocolException extends RuntimeException {

    public static final String INVALID_FIELD = "invalid_field";
    public static final String MALFORMED_JSON = "malformed_json";
    public static final String BODY_TOO_LARGE = "body_too_large";
    public static final String INVALID_PEM = "invalid_pem";
    public static final String INVALID_CSR = "invalid_csr";
    public static final String UNSUPPORTED_KEY = "unsupported_key";

    private static final long serialVersionUID = 1L;

    private final String code;
    private final String field;

    public ProtocolException(String code, String field, String message) {
        this(code, field, message, null);
    }

    public ProtocolException(String code, String field, String message, Throwable cause) {
        super(message, cause);
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("code is required");
        }
        this.code = code;
        this.field = field;
    }

    public static ProtocolException invalidField(String field, String message) {
        return new ProtocolException(INVALID_FIELD, field, message);
    }

    /** Stable machine-readable code, e.g. {@code invalid_field}. */
    public String code() {
        return code;
    }

    /** The JSON field (dotted path for nested objects) the problem is about, or {@code null}. */
    public String field() {
        return field;
    }

    /**
     * The same problem reported for a field nested inside {@code parent}: {@code hostname}
     * becomes {@code facts.hostname}. Proof failures are returned unchanged.
     */
    public ProtocolException nestedIn(String parent) {
        if (field == null || this instanceof ProofException) {
            return this;
        }
        String nested = parent + "." + field;
        String message = getMessage().startsWith(field + " ")
                ? nested + getMessage().substring(field.length())
                : getMessage();
        return new ProtocolException(code, nested, message, getCause());
    }
}
