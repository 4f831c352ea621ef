package io.rap.fabric.protocol;

import jakarta.json.JsonObject;

/**
 * An origin assertion as it travels at the start of a fabric stream: the signed canonical
 * JSON bytes, the ES256 signature over them, and the origin's node certificate (DER), which
 * the destination checks against its cluster CA and revocation list.
 */
public record SignedOriginAssertion(byte[] payload, byte[] signature, byte[] certificate) {

    /** Upper bound of the encoded form; a stream header larger than this is refused unread. */
    public static final int MAX_ENCODED_BYTES = 8 * 1024;

    public SignedOriginAssertion {
        Check.required("payload", payload);
        Check.required("signature", signature);
        Check.required("certificate", certificate);
        payload = payload.clone();
        signature = signature.clone();
        certificate = certificate.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public byte[] certificate() {
        return certificate.clone();
    }

    public byte[] toBytes() {
        return CanonicalJson.toBytes(Json.objectBuilder()
                .add("alg", OriginAssertions.ALGORITHM)
                .add("payload", Keys.base64Url(payload))
                .add("signature", Keys.base64Url(signature))
                .add("certificate", Keys.base64Url(certificate))
                .build());
    }

    /** Reads the envelope only; nothing in it is trusted until {@link OriginAssertions#verify} says so. */
    public static SignedOriginAssertion fromBytes(byte[] bytes) {
        JsonObject json;
        try {
            json = Json.parse(bytes, MAX_ENCODED_BYTES);
        } catch (ProtocolException e) {
            throw new OriginAssertionException(OriginAssertionException.MALFORMED,
                    "the origin assertion is not a JSON object: " + e.getMessage());
        }
        try {
            if (!OriginAssertions.ALGORITHM.equals(Json.optionalString(json, "alg", Limits.MAX_IDENTIFIER_LENGTH))) {
                throw new OriginAssertionException(OriginAssertionException.MALFORMED,
                        "the origin assertion is not signed with " + OriginAssertions.ALGORITHM);
            }
            return new SignedOriginAssertion(decode(json, "payload"), decode(json, "signature"),
                    decode(json, "certificate"));
        } catch (ProtocolException e) {
            if (e instanceof OriginAssertionException o) {
                throw o;
            }
            throw new OriginAssertionException(OriginAssertionException.MALFORMED,
                    "the origin assertion is malformed: " + e.getMessage());
        }
    }

    private static byte[] decode(JsonObject json, String field) {
        byte[] bytes = Keys.base64UrlDecode(Json.requireString(json, field, MAX_ENCODED_BYTES));
        if (bytes == null || bytes.length == 0) {
            throw ProtocolException.invalidField(field, field + " must be base64url");
        }
        return bytes;
    }

    /** For logs: never prints the payload, which only {@link OriginAssertions#verify} may interpret. */
    @Override
    public String toString() {
        return "SignedOriginAssertion[" + payload.length + " bytes, signature " + signature.length + " bytes]";
    }
}
