package io.rap.fabric.protocol;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * PKCS#10 certificate signing requests for node keys: EC P-256, signed with
 * SHA256withECDSA. Bouncy Castle builds and parses the ASN.1; signing and verification
 * use the JDK's providers, so no provider needs registering.
 */
public final class Csr {

    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final int MAX_COMMON_NAME_LENGTH = Limits.MAX_NODE_NAME_LENGTH;

    private Csr() {
    }

    /** A PEM PKCS#10 request for {@code subject CN=<commonName>}, signed with the key pair. */
    public static String create(KeyPair keyPair, String commonName) {
        Keys.requireP256(keyPair.getPublic());
        Check.line("commonName", commonName, MAX_COMMON_NAME_LENGTH);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        try {
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(keyPair.getPrivate());
            PKCS10CertificationRequest request =
                    new JcaPKCS10CertificationRequestBuilder(subject, keyPair.getPublic()).build(signer);
            return Pem.encodeCsr(request.getEncoded());
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot sign the certificate request", e);
        }
    }

    /**
     * Parses a PEM PKCS#10 request and verifies its self-signature.
     *
     * @throws ProtocolException {@code invalid_csr} (field {@code csrPem}) for oversized or
     *                           malformed input, a key other than EC P-256, a signature
     *                           algorithm other than ECDSA with SHA-256, or a bad signature
     */
    public static ParsedCsr parseAndVerify(String pem) {
        if (pem == null || pem.length() > Limits.MAX_CSR_PEM_LENGTH) {
            throw invalid(pem == null ? "no CSR given" : "CSR is larger than " + Limits.MAX_CSR_PEM_LENGTH + " characters");
        }
        byte[] der;
        try {
            der = Pem.decodeCsr(pem);
        } catch (ProtocolException e) {
            throw invalid("CSR is not PEM: " + e.getMessage());
        }
        PKCS10CertificationRequest request;
        try {
            request = new PKCS10CertificationRequest(der);
            if (!Arrays.equals(request.getEncoded(), der)) {
                throw invalid("CSR is not DER-encoded");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProtocolException p) {
                throw p;
            }
            throw invalid("CSR is not a PKCS#10 request");
        }

        AlgorithmIdentifier signatureAlgorithm = request.getSignatureAlgorithm();
        if (!X9ObjectIdentifiers.ecdsa_with_SHA256.equals(signatureAlgorithm.getAlgorithm())
                || signatureAlgorithm.getParameters() != null) {
            throw invalid("CSR must be signed with ECDSA and SHA-256");
        }
        PublicKey publicKey = p256PublicKey(request.getSubjectPublicKeyInfo());
        try {
            Signature verifier = Signature.getInstance(SIGNATURE_ALGORITHM);
            verifier.initVerify(publicKey);
            verifier.update(request.toASN1Structure().getCertificationRequestInfo().getEncoded(ASN1Encoding.DER));
            if (!verifier.verify(request.getSignature())) {
                throw invalid("CSR signature does not verify with its public key");
            }
        } catch (GeneralSecurityException | IOException e) {
            throw invalid("CSR signature does not verify with its public key");
        }
        X500Name subject = request.getSubject();
        return new ParsedCsr(publicKey, subject.toString(), commonName(subject));
    }

    private static PublicKey p256PublicKey(SubjectPublicKeyInfo info) {
        ASN1ObjectIdentifier algorithm = info.getAlgorithm().getAlgorithm();
        boolean namedP256 = info.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curve
                && X9ObjectIdentifiers.prime256v1.equals(curve);
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm) || !namedP256) {
            throw invalid("CSR key must be EC P-256");
        }
        try {
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(info.getEncoded()));
            return Keys.requireP256(key);
        } catch (GeneralSecurityException | IOException | ProtocolException e) {
            throw invalid("CSR key is not a valid EC P-256 public key");
        }
    }

    private static String commonName(X500Name subject) {
        RDN[] names = subject.getRDNs(BCStyle.CN);
        return names.length == 0 ? null : IETFUtils.valueToString(names[0].getFirst().getValue());
    }

    private static ProtocolException invalid(String message) {
        return new ProtocolException(ProtocolException.INVALID_CSR, "csrPem", message);
    }
}
