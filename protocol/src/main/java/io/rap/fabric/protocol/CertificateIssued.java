package io.rap.fabric.protocol;

import jakarta.json.JsonObject;

import java.time.Instant;

/**
 * Answer to a {@link CertificateRenewal}: the new node certificate, the CA certificate (or
 * chain) that verifies it, and its serial and validity as the control plane recorded them.
 */
public record CertificateIssued(String serial, String certificatePem, String caCertificatePem, Instant notBefore,
                                Instant notAfter) {

    public CertificateIssued {
        Check.serial("serial", serial);
        Check.required("certificatePem", certificatePem);
        Check.optionalText("certificatePem", certificatePem, Limits.MAX_CERTIFICATE_PEM_LENGTH);
        Check.required("caCertificatePem", caCertificatePem);
        Check.optionalText("caCertificatePem", caCertificatePem, Limits.MAX_CERTIFICATE_CHAIN_PEM_LENGTH);
        Check.required("notBefore", notBefore);
        Check.required("notAfter", notAfter);
        if (!notAfter.isAfter(notBefore)) {
            throw ProtocolException.invalidField("notAfter", "notAfter must be after notBefore");
        }
    }

    public JsonObject toJson() {
        return Json.objectBuilder()
                .add("serial", serial)
                .add("certificatePem", certificatePem)
                .add("caCertificatePem", caCertificatePem)
                .add("notBefore", notBefore.toString())
                .add("notAfter", notAfter.toString())
                .build();
    }

    public static CertificateIssued fromJson(JsonObject json) {
        return new CertificateIssued(
                Json.requireString(json, "serial", Limits.MAX_SERIAL_LENGTH),
                Json.requireString(json, "certificatePem", Limits.MAX_CERTIFICATE_PEM_LENGTH),
                Json.requireString(json, "caCertificatePem", Limits.MAX_CERTIFICATE_CHAIN_PEM_LENGTH),
                Json.requireInstant(json, "notBefore"),
                Json.requireInstant(json, "notAfter"));
    }
}
