package io.rap.fabric.protocol;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Signs and verifies snapshots: one implementation for the control plane (signing) and the
 * agent (verifying). The signature is ES256 over the canonical JSON bytes of the snapshot.
 * The signer is a certificate issued by the cluster CA for the URI
 * {@code urn:rap:cluster:<cluster>:config-signer}, so a node trusts exactly one root per
 * membership: the CA it received when it enrolled.
 */
public final class SnapshotSigning {

    public static final String ALGORITHM = "ES256";
    private static final String JCA_ALGORITHM = "SHA256withECDSAinP1363Format";
    /** Tolerated clock difference between the control plane and a node. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private SnapshotSigning() {
    }

    /** The identity the configuration signer's certificate must carry for {@code clusterId}. */
    public static URI signerUri(UUID clusterId) {
        return URI.create("urn:rap:cluster:" + clusterId + ":config-signer");
    }

    public static SignedSnapshot sign(Snapshot snapshot, PrivateKey signingKey, String signerCertificatePem) {
        byte[] payload = CanonicalJson.toBytes(snapshot.toJson());
        try {
            Signature signer = Signature.getInstance(JCA_ALGORITHM);
            signer.initSign(signingKey);
            signer.update(payload);
            return new SignedSnapshot(payload, signer.sign(), signerCertificatePem);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with an EC P-256 key", e);
        }
    }

    /**
     * Verifies a snapshot just received: signer chains to {@code trust}'s CA and is valid now,
     * the signature holds, the snapshot is for this cluster and node, has not expired, and is
     * not older than what the node applied last ({@code last}, or {@code null} for the first).
     * The same version is accepted only with the very same payload.
     */
    public static VerifiedSnapshot verify(SignedSnapshot signed, SnapshotTrust trust, Instant now,
                                          VerifiedSnapshot last) {
        VerifiedSnapshot verified = verifySignature(signed, trust, now);
        Snapshot snapshot = verified.snapshot();
        if (!now.isBefore(snapshot.expiresAt())) {
            throw new SnapshotException(SnapshotException.EXPIRED, "the snapshot expired at " + snapshot.expiresAt());
        }
        if (snapshot.issuedAt().isAfter(now.plus(CLOCK_SKEW))) {
            throw new SnapshotException(SnapshotException.MALFORMED, "the snapshot was issued in the future");
        }
        if (last != null) {
            long applied = last.snapshot().version();
            if (snapshot.version() < applied
                    || snapshot.version() == applied && !verified.payloadSha256().equals(last.payloadSha256())) {
                throw new SnapshotException(SnapshotException.ROLLBACK, "the snapshot has version " + snapshot.version()
                        + " but version " + applied + " is already applied");
            }
        }
        return verified;
    }

    /**
     * Verifies the copy the node kept on disk: the same trust checks, with the signer's validity
     * taken at the time the snapshot was issued; expiry is left to the caller, which keeps working
     * from an expired snapshot while the control plane is away and reports that it is stale.
     */
    public static VerifiedSnapshot verifyStored(SignedSnapshot signed, SnapshotTrust trust) {
        return verifySignature(signed, trust, null);
    }

    private static VerifiedSnapshot verifySignature(SignedSnapshot signed, SnapshotTrust trust, Instant now) {
        X509Certificate signer;
        try {
            signer = Pem.parseCertificate(signed.signerCertificatePem());
        } catch (ProtocolException e) {
            throw new SnapshotException(SnapshotException.UNTRUSTED_SIGNER, "the signer certificate cannot be read");
        }
        checkSigner(signer, trust);
        byte[] payload = signed.payload();
        if (!signatureValid(signer.getPublicKey(), payload, signed.signature())) {
            throw new SnapshotException(SnapshotException.BAD_SIGNATURE, "the snapshot signature does not verify");
        }
        if (payload.length > Limits.MAX_SNAPSHOT_BYTES) {
            throw new SnapshotException(SnapshotException.MALFORMED, "the snapshot is larger than "
                    + Limits.MAX_SNAPSHOT_BYTES + " bytes");
        }
        Snapshot snapshot;
        try {
            snapshot = Snapshot.fromJson(Json.parse(payload, Limits.MAX_SNAPSHOT_BYTES));
        } catch (ProtocolException e) {
            throw new SnapshotException(SnapshotException.MALFORMED, "the snapshot is malformed: " + e.getMessage());
        }
        if (!snapshot.clusterId().equals(trust.clusterId())) {
            throw new SnapshotException(SnapshotException.FOREIGN_CLUSTER, "the snapshot is for cluster "
                    + snapshot.clusterId() + ", not " + trust.clusterId());
        }
        if (!snapshot.nodeId().equals(trust.nodeId())) {
            throw new SnapshotException(SnapshotException.WRONG_NODE, "the snapshot is for node " + snapshot.nodeId()
                    + ", not " + trust.nodeId());
        }
        Instant validAt = now != null ? now : snapshot.issuedAt();
        if (validAt.isBefore(signer.getNotBefore().toInstant().minus(CLOCK_SKEW))
                || !validAt.isBefore(signer.getNotAfter().toInstant())) {
            throw new SnapshotException(SnapshotException.UNTRUSTED_SIGNER,
                    "the signer certificate is not valid at " + validAt);
        }
        return new VerifiedSnapshot(snapshot, sha256Hex(payload));
    }

    private static void checkSigner(X509Certificate signer, SnapshotTrust trust) {
        X509Certificate ca = trust.clusterCa();
        try {
            if (!signer.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
                throw untrusted("is not issued by the cluster CA");
            }
            signer.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw untrusted("is not signed by the cluster CA");
        }
        if (signer.getBasicConstraints() != -1) {
            throw untrusted("is a CA certificate");
        }
        boolean[] usage = signer.getKeyUsage();
        if (usage == null || !usage[0]) {
            throw untrusted("is not for digital signatures");
        }
        if (!Keys.isP256(signer.getPublicKey())) {
            throw untrusted("does not hold an EC P-256 key");
        }
        String expected = signerUri(trust.clusterId()).toString();
        if (!uris(signer).contains(expected)) {
            throw untrusted("is not the configuration signer of cluster " + trust.clusterId());
        }
    }

    private static List<String> uris(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return List.of();
            }
            return names.stream().filter(n -> Integer.valueOf(6).equals(n.get(0))).map(n -> (String) n.get(1)).toList();
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    private static SnapshotException untrusted(String why) {
        return new SnapshotException(SnapshotException.UNTRUSTED_SIGNER, "the snapshot's signer certificate " + why);
    }

    private static boolean signatureValid(PublicKey key, byte[] payload, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(JCA_ALGORITHM);
            verifier.initVerify(key);
            verifier.update(payload);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
