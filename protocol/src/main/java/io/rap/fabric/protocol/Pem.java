package io.rap.fabric.protocol;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

import java.io.ByteArrayInputStream;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 7468 PEM for certificates, PKCS#8 private keys, SubjectPublicKeyInfo public keys
 * and PKCS#10 requests. Strict: only whitespace around blocks, strict base64 inside.
 * Every failure is a {@link ProtocolException} with code {@code invalid_pem}.
 */
public final class Pem {

    public static final String CERTIFICATE = "CERTIFICATE";
    public static final String PRIVATE_KEY = "PRIVATE KEY";
    public static final String PUBLIC_KEY = "PUBLIC KEY";
    public static final String CERTIFICATE_REQUEST = "CERTIFICATE REQUEST";

    private static final int MAX_PEM_LENGTH = 64 * 1024;
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]{1,40})-----([A-Za-z0-9+/=\\s]*?)-----END ([A-Z0-9 ]{1,40})-----");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private Pem() {
    }

    public static String encode(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    /** The DER of the one block labelled {@code label} that {@code pem} must consist of. */
    public static byte[] decode(String pem, String label) {
        List<byte[]> blocks = decodeAll(pem, label);
        if (blocks.size() != 1) {
            throw invalid("expected exactly one " + label + " block, found " + blocks.size());
        }
        return blocks.get(0);
    }

    /** The DER of every block in {@code pem}, all of which must be labelled {@code label}. */
    public static List<byte[]> decodeAll(String pem, String label) {
        if (pem == null || pem.isBlank()) {
            throw invalid("no PEM data");
        }
        if (pem.length() > MAX_PEM_LENGTH) {
            throw invalid("PEM data is larger than " + MAX_PEM_LENGTH + " characters");
        }
        List<byte[]> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(pem);
        int end = 0;
        while (matcher.find()) {
            requireBlank(pem.substring(end, matcher.start()));
            if (!matcher.group(1).equals(matcher.group(3))) {
                throw invalid("PEM block BEGIN " + matcher.group(1) + " ends with END " + matcher.group(3));
            }
            if (!matcher.group(1).equals(label)) {
                throw invalid("expected PEM label " + label + ", found " + matcher.group(1));
            }
            String base64 = WHITESPACE.matcher(matcher.group(2)).replaceAll("");
            try {
                byte[] der = Base64.getDecoder().decode(base64);
                if (der.length == 0) {
                    throw invalid("empty " + label + " block");
                }
                blocks.add(der);
            } catch (IllegalArgumentException e) {
                throw invalid(label + " block is not valid base64");
            }
            end = matcher.end();
        }
        requireBlank(pem.substring(end));
        if (blocks.isEmpty()) {
            throw invalid("no " + label + " block found");
        }
        return blocks;
    }

    public static String encodeCertificate(X509Certificate certificate) {
        try {
            return encode(CERTIFICATE, certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    public static X509Certificate parseCertificate(String pem) {
        return certificate(decode(pem, CERTIFICATE));
    }

    /** All certificates of a chain, in the order given. */
    public static List<X509Certificate> parseCertificates(String pem) {
        return decodeAll(pem, CERTIFICATE).stream().map(Pem::certificate).toList();
    }

    /** Unencrypted PKCS#8. */
    public static String encodePrivateKey(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("private key is not PKCS#8-encodable");
        }
        return encode(PRIVATE_KEY, key.getEncoded());
    }

    public static PrivateKey parsePrivateKey(String pem) {
        byte[] der = decode(pem, PRIVATE_KEY);
        try {
            return new JcaPEMKeyConverter().getPrivateKey(PrivateKeyInfo.getInstance(der));
        } catch (Exception e) {
            throw invalid("PRIVATE KEY block is not a usable PKCS#8 key");
        }
    }

    public static String encodePublicKey(PublicKey key) {
        if (!"X.509".equals(key.getFormat())) {
            throw new IllegalArgumentException("public key is not SubjectPublicKeyInfo-encodable");
        }
        return encode(PUBLIC_KEY, key.getEncoded());
    }

    public static PublicKey parsePublicKey(String pem) {
        byte[] der = decode(pem, PUBLIC_KEY);
        try {
            return new JcaPEMKeyConverter().getPublicKey(SubjectPublicKeyInfo.getInstance(der));
        } catch (Exception e) {
            throw invalid("PUBLIC KEY block is not a usable SubjectPublicKeyInfo");
        }
    }

    public static String encodeCsr(byte[] der) {
        return encode(CERTIFICATE_REQUEST, der);
    }

    /** The DER of a PKCS#10 request; {@link Csr#parseAndVerify} checks its content. */
    public static byte[] decodeCsr(String pem) {
        return decode(pem, CERTIFICATE_REQUEST);
    }

    private static X509Certificate certificate(byte[] der) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            X509Certificate certificate = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
            // Refuse trailing bytes and non-DER encodings the factory might tolerate.
            if (!Arrays.equals(certificate.getEncoded(), der)) {
                throw invalid("CERTIFICATE block is not a DER certificate");
            }
            return certificate;
        } catch (CertificateException | RuntimeException e) {
            if (e instanceof ProtocolException p) {
                throw p;
            }
            throw invalid("CERTIFICATE block is not a valid X.509 certificate");
        }
    }

    private static void requireBlank(String text) {
        if (!text.isBlank()) {
            throw invalid("unexpected text outside PEM blocks");
        }
    }

    private static ProtocolException invalid(String message) {
        return new ProtocolException(ProtocolException.INVALID_PEM, null, message);
    }
}
