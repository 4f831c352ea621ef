package io.rap.fabric.protocol;

import jakarta.json.JsonObject;

import java.util.UUID;

/** {@code 202} answer to an enrollment request; {@code status} is normally {@code pending}. */
public record EnrollmentAccepted(UUID requestId, String status) {

    public EnrollmentAccepted {
        Check.required("requestId", requestId);
        Check.oneOf("status", status, EnrollmentStatus.STATUSES);
    }

    public JsonObject toJson() {
        return Json.objectBuilder()
                .add("requestId", requestId.toString())
                .add("status", status)
                .build();
    }

    public static EnrollmentAccepted fromJson(JsonObject json) {
        return new EnrollmentAccepted(
                Json.requireUuid(json, "requestId"),
                Json.requireString(json, "status", Limits.MAX_IDENTIFIER_LENGTH));
    }
}
