package io.rap.fabric.protocol;

import jakarta.json.JsonObject;

import java.util.Base64;

/**
 * A snapshot as it travels and as the agent keeps it on disk: the exact payload bytes that
 * were signed (canonical JSON), the ES256 signature over them, and the signer's certificate,
 * which must chain to the cluster CA the node was enrolled with.
 */
public record SignedSnapshot(byte[] payload, byte[] signature, String signerCertificatePem) {

    public SignedSnapshot {
        Check.required("payload", payload);
        Check.required("signature", signature);
        Check.required("signer", signerCertificatePem);
        payload = payload.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    public JsonObject toJson() {
        return Json.objectBuilder()
                .add("alg", SnapshotSigning.ALGORITHM)
                .add("payload", Base64.getUrlEncoder().withoutPadding().encodeToString(payload))
                .add("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(signature))
                .add("signer", signerCertificatePem)
                .build();
    }

    /** Reads the envelope only; nothing in it is trusted until {@link SnapshotSigning#verify} says so. */
    public static SignedSnapshot fromJson(JsonObject json) {
        String alg = Json.optionalString(json, "alg", Limits.MAX_IDENTIFIER_LENGTH);
        String signature = Json.optionalString(json, "signature", 256);
        if (signature == null || signature.isEmpty()) {
            throw new SnapshotException(SnapshotException.UNSIGNED, "the snapshot carries no signature");
        }
        if (!SnapshotSigning.ALGORITHM.equals(alg)) {
            throw new SnapshotException(SnapshotException.UNSIGNED,
                    "the snapshot is not signed with " + SnapshotSigning.ALGORITHM);
        }
        String payload = Json.requireString(json, "payload", Limits.MAX_SNAPSHOT_BYTES / 3 * 4 + 4);
        try {
            return new SignedSnapshot(Base64.getUrlDecoder().decode(payload), Base64.getUrlDecoder().decode(signature),
                    Json.requireString(json, "signer", Limits.MAX_CERTIFICATE_PEM_LENGTH));
        } catch (IllegalArgumentException e) {
            throw new SnapshotException(SnapshotException.MALFORMED, "payload or signature is not base64url");
        }
    }
}
