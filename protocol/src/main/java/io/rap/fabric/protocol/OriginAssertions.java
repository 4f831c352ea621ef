package io.rap.fabric.protocol;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * Signs and verifies origin assertions: ES256 over the canonical JSON of the
 * {@link OriginAssertion}, the same scheme as {@link SnapshotSigning}, with the origin's node
 * key. One implementation for the origin (signing) and the destination (verifying).
 */
public final class OriginAssertions {

    public static final String ALGORITHM = "ES256";
    /** How far an assertion's {@code issuedAt} may lie from the destination's clock, either way. */
    public static final Duration WINDOW = Duration.ofSeconds(60);
    private static final String JCA_ALGORITHM = "SHA256withECDSAinP1363Format";
    private static final int NONCE_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private OriginAssertions() {
    }

    /** A fresh assertion with a random 128-bit nonce. */
    public static OriginAssertion create(NodeUri origin, UUID destination, String intent, Instant now) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return new OriginAssertion(origin.clusterId(), origin.nodeId(), destination, intent, now, Keys.base64Url(nonce));
    }

    public static SignedOriginAssertion sign(OriginAssertion assertion, PrivateKey nodeKey, X509Certificate nodeCertificate) {
        byte[] payload = CanonicalJson.toBytes(assertion.toJson());
        try {
            Signature signer = Signature.getInstance(JCA_ALGORITHM);
            signer.initSign(nodeKey);
            signer.update(payload);
            return new SignedOriginAssertion(payload, signer.sign(), nodeCertificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with an EC P-256 node key", e);
        }
    }

    /**
     * Verifies an assertion received at the start of a stream: the certificate chains to the
     * cluster CA and is valid now, the signature holds with its key, the assertion is for this
     * cluster and names the certificate's node as origin, that certificate is not revoked, this
     * node is the destination, {@code issuedAt} is within {@link #WINDOW} of {@code now}, and the
     * nonce was not used before ({@code replays} remembers it only when everything else held).
     *
     * @throws OriginAssertionException with the code of the first check that failed
     */
    public static VerifiedOrigin verify(SignedOriginAssertion signed, OriginTrust trust, Instant now,
                                        ReplayCache replays) {
        X509Certificate certificate = certificate(signed.certificate());
        checkChain(certificate, trust.clusterCa(), now);
        byte[] payload = signed.payload();
        if (!signatureValid(certificate.getPublicKey(), payload, signed.signature())) {
            throw new OriginAssertionException(OriginAssertionException.BAD_SIGNATURE,
                    "the origin assertion's signature does not verify with the certificate it came with");
        }
        OriginAssertion assertion;
        try {
            assertion = OriginAssertion.fromJson(Json.parse(payload, SignedOriginAssertion.MAX_ENCODED_BYTES));
        } catch (ProtocolException e) {
            throw new OriginAssertionException(OriginAssertionException.MALFORMED,
                    "the origin assertion is malformed: " + e.getMessage());
        }
        if (!assertion.clusterId().equals(trust.clusterId())) {
            throw new OriginAssertionException(OriginAssertionException.FOREIGN_CLUSTER,
                    "the origin assertion is for cluster " + assertion.clusterId() + ", not " + trust.clusterId());
        }
        NodeUri claimed = new NodeUri(assertion.clusterId(), assertion.origin());
        if (!NodeUri.of(certificate).map(claimed::equals).orElse(false)) {
            throw new OriginAssertionException(OriginAssertionException.IDENTITY_MISMATCH,
                    "the origin assertion claims " + claimed + " but its certificate names someone else");
        }
        String serial = NodeUri.serialHex(certificate);
        if (trust.revoked().test(serial)) {
            throw new OriginAssertionException(OriginAssertionException.REVOKED,
                    "the origin's certificate " + serial + " is revoked");
        }
        if (!assertion.destination().equals(trust.selfNodeId())) {
            throw new OriginAssertionException(OriginAssertionException.WRONG_DESTINATION,
                    "the origin assertion is for node " + assertion.destination() + ", not this node");
        }
        if (Duration.between(assertion.issuedAt(), now).abs().compareTo(WINDOW) > 0) {
            throw new OriginAssertionException(OriginAssertionException.STALE, "the origin assertion was issued at "
                    + assertion.issuedAt() + ", outside " + WINDOW.toSeconds() + " s around " + now);
        }
        if (!replays.firstUse(assertion.origin().toString(), assertion.nonce(), assertion.issuedAt(), now)) {
            throw new OriginAssertionException(OriginAssertionException.REPLAYED,
                    "the origin assertion's nonce was already used (or too many are in flight)");
        }
        return new VerifiedOrigin(assertion.origin(), assertion.intent(), serial);
    }

    private static X509Certificate certificate(byte[] der) {
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            if (!Arrays.equals(certificate.getEncoded(), der)) {
                throw untrusted("is not DER");
            }
            return certificate;
        } catch (CertificateException | RuntimeException e) {
            if (e instanceof OriginAssertionException o) {
                throw o;
            }
            throw untrusted("cannot be read");
        }
    }

    private static void checkChain(X509Certificate certificate, X509Certificate ca, Instant now) {
        try {
            if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
                throw untrusted("is not issued by the cluster CA");
            }
            certificate.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw untrusted("is not signed by the cluster CA");
        }
        if (certificate.getBasicConstraints() != -1) {
            throw untrusted("is a CA certificate");
        }
        if (now.isBefore(certificate.getNotBefore().toInstant().minus(WINDOW))
                || !now.isBefore(certificate.getNotAfter().toInstant())) {
            throw untrusted("is not valid at " + now);
        }
        if (!Keys.isP256(certificate.getPublicKey())) {
            throw untrusted("does not hold an EC P-256 key");
        }
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

    private static OriginAssertionException untrusted(String why) {
        return new OriginAssertionException(OriginAssertionException.UNTRUSTED_CERTIFICATE,
                "the origin's certificate " + why);
    }
}
