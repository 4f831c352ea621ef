package io.rap.fabric.protocol;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code GET /node-api/v1/nodes/{nodeId}/revocations?cluster=}: the certificates of the cluster
 * that were revoked and have not expired yet, as of {@code generatedAt}. Peers refuse them; an
 * expired certificate is refused anyway and leaves the list.
 */
public record Revocations(UUID clusterId, Instant generatedAt, List<Revocation> revoked) {

    public Revocations {
        Check.required("clusterId", clusterId);
        Check.required("generatedAt", generatedAt);
        revoked = Check.list("revoked", revoked, Limits.MAX_REVOKED_CERTIFICATES);
        Set<String> serials = new HashSet<>();
        for (Revocation r : revoked) {
            if (!serials.add(r.serial())) {
                throw ProtocolException.invalidField("revoked", "revoked lists serial " + r.serial() + " twice");
            }
        }
    }

    /** Whether the certificate with this serial (lower-case hex) must be refused. */
    public boolean isRevoked(String serial) {
        return revoked.stream().anyMatch(r -> r.serial().equals(serial));
    }

    public JsonObject toJson() {
        JsonArrayBuilder array = Json.arrayBuilder();
        revoked.forEach(r -> array.add(r.toJson()));
        return Json.objectBuilder()
                .add("clusterId", clusterId.toString())
                .add("generatedAt", generatedAt.toString())
                .add("revoked", array)
                .build();
    }

    public static Revocations fromJson(JsonObject json) {
        List<Revocation> revoked = new ArrayList<>();
        List<JsonObject> entries = Json.objectList(json, "revoked", Limits.MAX_REVOKED_CERTIFICATES);
        for (int i = 0; i < entries.size(); i++) {
            try {
                revoked.add(Revocation.fromJson(entries.get(i)));
            } catch (ProtocolException e) {
                throw e.nestedIn("revoked[" + i + "]");
            }
        }
        return new Revocations(Json.requireUuid(json, "clusterId"), Json.requireInstant(json, "generatedAt"), revoked);
    }
}
