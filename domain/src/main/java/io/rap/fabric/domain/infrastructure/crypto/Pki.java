package io.rap.fabric.domain.infrastructure.crypto;

import java.math.BigInteger;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificate issuance behind our own interface (the only Bouncy Castle user in the domain).
 * Profile: EC P-256 keys (BoringSSL/Netty QUIC accept them), SHA256withECDSA, positive random
 * 127-bit serials, explicit key usages per certificate kind.
 */
public final class Pki {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    /**
     * Signs with Bouncy Castle's ECDSA: on Java 17 it took about a quarter of the CPU time of the
     * JDK's SunEC per certificate (enrollment benchmark, docs/benchmarks.md). A private instance,
     * not registered with the JVM: the application server's own providers stay as they are.
     */
    private static final java.security.Provider SIGNING_PROVIDER = new BouncyCastleProvider();

    private Pki() {
    }

    public static KeyPair newEcKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 unavailable", e);
        }
    }

    /** Never zero, never negative, 127 bits of randomness (RFC 5280 allows up to 20 octets). */
    public static BigInteger newSerial() {
        BigInteger serial;
        do {
            serial = new BigInteger(127, RANDOM);
        } while (serial.bitLength() < 64);
        return serial;
    }

    public static X509Certificate selfSignedCa(KeyPair keys, String commonName, String organizationalUnit,
                                               Instant notBefore, Instant notAfter) {
        X500Name subject = name(commonName, organizationalUnit);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, newSerial(),
                    Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ext.createSubjectKeyIdentifier(keys.getPublic()));
            return sign(builder, keys.getPrivate());
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("could not build the CA certificate", e);
        }
    }

    /** A node certificate usable for both TLS client and server authentication (QUIC mTLS). */
    public static X509Certificate nodeCertificate(X509Certificate ca, PrivateKey caKey, PublicKey nodeKey,
                                                  String commonName, URI nodeUri, Instant notBefore,
                                                  Instant notAfter) {
        return endEntity(ca, caKey, nodeKey, commonName, nodeUri, notBefore, notAfter, true);
    }

    /**
     * The certificate of a cluster's configuration signer: digital signatures only, no TLS
     * usages, so it can sign snapshots but never act as a node on the fabric.
     */
    public static X509Certificate configSignerCertificate(X509Certificate ca, PrivateKey caKey, PublicKey signerKey,
                                                          String commonName, URI signerUri, Instant notBefore,
                                                          Instant notAfter) {
        return endEntity(ca, caKey, signerKey, commonName, signerUri, notBefore, notAfter, false);
    }

    private static X509Certificate endEntity(X509Certificate ca, PrivateKey caKey, PublicKey key, String commonName,
                                             URI uri, Instant notBefore, Instant notAfter, boolean tls) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, newSerial(),
                    Date.from(notBefore), Date.from(notAfter), name(commonName, null), key)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            if (tls) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth}));
            }
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                            new GeneralName(GeneralName.uniformResourceIdentifier, uri.toString())))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
            return sign(builder, caKey);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("could not issue the certificate for " + uri, e);
        }
    }

    private static X500Name name(String commonName, String organizationalUnit) {
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "RAP Secure Access Fabric");
        if (organizationalUnit != null) {
            builder.addRDN(BCStyle.OU, organizationalUnit);
        }
        return builder.addRDN(BCStyle.CN, commonName).build();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).setProvider(SIGNING_PROVIDER)
                    .setSecureRandom(RANDOM).build(key);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }
}
