package io.rap.fabric.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * An RFC 9457 problem document, the body of every node API refusal. {@code type} is a
 * stable URI, {@code urn:rap:problem:<code>} for our own problems. {@code status} is 0
 * when a received document had none; {@code title} and {@code detail} may be {@code null}.
 */
public record Problem(String type, String title, int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "urn:rap:problem:";
    public static final String ABOUT_BLANK = "about:blank";

    public Problem {
        Check.line("type", type, Limits.MAX_PROBLEM_TYPE_LENGTH);
        Check.optionalLine("title", title, Limits.MAX_SHORT_TEXT_LENGTH);
        if (status != 0 && (status < 100 || status > 599)) {
            throw ProtocolException.invalidField("status", "status must be an HTTP status code");
        }
        Check.optionalText("detail", detail, Limits.MAX_REASON_LENGTH);
    }

    /** A problem of type {@code urn:rap:problem:<code>}. */
    public static Problem of(String code, int status, String title, String detail) {
        return new Problem(TYPE_PREFIX + Check.identifier("code", code), title, status, detail);
    }

    /**
     * The problem for input that broke the contract: {@code 413} for an oversized body,
     * {@code 401} for a refused proof, {@code 400} otherwise. The exception message is
     * written to be shown, so it becomes the detail.
     */
    public static Problem of(ProtocolException e) {
        int status;
        String title;
        if (e instanceof ProofException) {
            status = 401;
            title = "Proof of possession refused";
        } else if (ProtocolException.BODY_TOO_LARGE.equals(e.code())) {
            status = 413;
            title = "Request body too large";
        } else {
            status = 400;
            title = "Invalid request";
        }
        String detail = e.getMessage();
        if (detail != null && detail.length() > Limits.MAX_REASON_LENGTH) {
            detail = detail.substring(0, Limits.MAX_REASON_LENGTH);
        }
        return of(e.code(), status, title, detail);
    }

    /** The code of a {@code urn:rap:problem:<code>} type, or {@code null} for other types. */
    public String code() {
        return type.startsWith(TYPE_PREFIX) ? type.substring(TYPE_PREFIX.length()) : null;
    }

    public JsonObject toJson() {
        JsonObjectBuilder json = Json.objectBuilder().add("type", type);
        Json.addOptional(json, "title", title);
        if (status != 0) {
            json.add("status", status);
        }
        return Json.addOptional(json, "detail", detail).build();
    }

    /** Lenient as RFC 9457 asks of clients: a missing type means {@code about:blank}. */
    public static Problem fromJson(JsonObject json) {
        String type = Json.optionalString(json, "type", Limits.MAX_PROBLEM_TYPE_LENGTH);
        return new Problem(
                type == null ? ABOUT_BLANK : type,
                Json.optionalString(json, "title", Limits.MAX_SHORT_TEXT_LENGTH),
                json.containsKey("status") && !json.isNull("status") ? Json.requireInt(json, "status", 100, 599) : 0,
                Json.optionalString(json, "detail", Limits.MAX_REASON_LENGTH));
    }
}
