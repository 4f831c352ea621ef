package io.rap.fabric.protocol;

import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.UUID;

/**
 * What the origin of a fabric stream states about it, signed with its node key
 * ({@link OriginAssertions}): with QUIC mutual TLS each hop proves only the previous hop, so
 * the destination of a relayed stream learns who opened it from this statement alone.
 *
 * @param intent what the stream is for (e.g. {@code synthetic.echo}); a relay cannot change it
 * @param nonce  random base64url text; the destination accepts each (origin, nonce) once
 */
public record OriginAssertion(UUID clusterId, UUID origin, UUID destination, String intent, Instant issuedAt,
                              String nonce) {

    public static final String FORMAT = "rap-origin/1";

    public OriginAssertion {
        Check.required("clusterId", clusterId);
        Check.required("origin", origin);
        Check.required("destination", destination);
        Check.identifier("intent", intent);
        Check.required("issuedAt", issuedAt);
        Check.required("nonce", nonce);
        if (nonce.length() < Limits.MIN_JTI_LENGTH || nonce.length() > Limits.MAX_JTI_LENGTH
                || Keys.base64UrlDecode(nonce) == null) {
            throw ProtocolException.invalidField("nonce", "nonce must be " + Limits.MIN_JTI_LENGTH + " to "
                    + Limits.MAX_JTI_LENGTH + " base64url characters");
        }
    }

    public JsonObject toJson() {
        return Json.objectBuilder()
                .add("format", FORMAT)
                .add("clusterId", clusterId.toString())
                .add("origin", origin.toString())
                .add("destination", destination.toString())
                .add("intent", intent)
                .add("issuedAt", issuedAt.toString())
                .add("nonce", nonce)
                .build();
    }

    public static OriginAssertion fromJson(JsonObject json) {
        if (!FORMAT.equals(Json.requireString(json, "format", Limits.MAX_IDENTIFIER_LENGTH))) {
            throw ProtocolException.invalidField("format", "format must be " + FORMAT);
        }
        return new OriginAssertion(Json.requireUuid(json, "clusterId"), Json.requireUuid(json, "origin"),
                Json.requireUuid(json, "destination"), Json.requireString(json, "intent", Limits.MAX_IDENTIFIER_LENGTH),
                Json.requireInstant(json, "issuedAt"), Json.requireString(json, "nonce", Limits.MAX_JTI_LENGTH));
    }
}
