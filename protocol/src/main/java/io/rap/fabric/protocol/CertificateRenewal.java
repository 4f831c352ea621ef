package io.rap.fabric.protocol;

import jakarta.json.JsonObject;

import java.util.UUID;

/**
 * {@code POST /node-api/v1/nodes/{nodeId}/certificates}: rotation. The CSR is for a newly
 * generated key; the request's proof is made with the key of the certificate the node holds.
 * Repeating the same CSR after a lost answer returns the certificate already issued for it.
 */
public record CertificateRenewal(UUID clusterId, String csrPem) {

    public CertificateRenewal {
        Check.required("clusterId", clusterId);
        Check.required("csrPem", csrPem);
        Check.optionalText("csrPem", csrPem, Limits.MAX_CSR_PEM_LENGTH);
    }

    public JsonObject toJson() {
        return Json.objectBuilder()
                .add("clusterId", clusterId.toString())
                .add("csrPem", csrPem)
                .build();
    }

    public static CertificateRenewal fromJson(JsonObject json) {
        return new CertificateRenewal(
                Json.requireUuid(json, "clusterId"),
                Json.requireString(json, "csrPem", Limits.MAX_CSR_PEM_LENGTH));
    }
}
