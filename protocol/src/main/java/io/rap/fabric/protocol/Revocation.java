package io.rap.fabric.protocol;

import jakarta.json.JsonObject;

import java.time.Instant;

/** One entry of {@link Revocations}: refuse the certificate with this serial until {@code notAfter}. */
public record Revocation(String serial, Instant revokedAt, Instant notAfter) {

    public Revocation {
        Check.serial("serial", serial);
        Check.required("revokedAt", revokedAt);
        Check.required("notAfter", notAfter);
    }

    public JsonObject toJson() {
        return Json.objectBuilder()
                .add("serial", serial)
                .add("revokedAt", revokedAt.toString())
                .add("notAfter", notAfter.toString())
                .build();
    }

    public static Revocation fromJson(JsonObject json) {
        return new Revocation(
                Json.requireString(json, "serial", Limits.MAX_SERIAL_LENGTH),
                Json.requireInstant(json, "revokedAt"),
                Json.requireInstant(json, "notAfter"));
    }
}
