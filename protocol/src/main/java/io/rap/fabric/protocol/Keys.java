package io.rap.fabric.protocol;

import jakarta.json.JsonObject;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * EC P-256 keys, the only key type of node identities: generation, RFC 7638 thumbprints,
 * JWK form, and SHA-256 fingerprints. Uses the JDK's providers; Bouncy Castle only for
 * the curve arithmetic that derives a public key from a stored private key.
 */
public final class Keys {

    public static final String CURVE = "secp256r1";
    private static final int COORDINATE_BYTES = 32;
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*");
    private static final ECParameterSpec P256 = p256();

    private Keys() {
    }

    public static KeyPair generateP256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(CURVE));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate EC P-256 keys", e);
        }
    }

    /** RFC 7638 JWK SHA-256 thumbprint of an EC P-256 public key, base64url without padding. */
    public static String thumbprint(PublicKey publicKey) {
        ECPublicKey key = requireP256(publicKey);
        // RFC 7638 §3.2: required members only, in lexicographic order, no whitespace.
        String canonical = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + coordinate(key.getW().getAffineX())
                + "\",\"y\":\"" + coordinate(key.getW().getAffineY()) + "\"}";
        return base64Url(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    /** Lowercase hex SHA-256 of {@code der}, e.g. a certificate fingerprint. */
    public static String fingerprintSha256Hex(byte[] der) {
        return HexFormat.of().formatHex(sha256(der));
    }

    public static boolean isP256(PublicKey key) {
        return key instanceof ECPublicKey ec && isP256(ec.getParams());
    }

    /**
     * The key as an EC P-256 public key whose point lies on the curve.
     *
     * @throws ProtocolException {@code unsupported_key} for any other key
     */
    public static ECPublicKey requireP256(PublicKey key) {
        if (!isP256(key)) {
            throw new ProtocolException(ProtocolException.UNSUPPORTED_KEY, null, "only EC P-256 keys are supported");
        }
        ECPublicKey ec = (ECPublicKey) key;
        if (!onCurve(ec.getW())) {
            throw new ProtocolException(ProtocolException.UNSUPPORTED_KEY, null, "the EC point is not on the P-256 curve");
        }
        return ec;
    }

    /** The public JWK: {@code {"kty":"EC","crv":"P-256","x":..,"y":..}}. */
    public static JsonObject toJwk(PublicKey publicKey) {
        ECPublicKey key = requireP256(publicKey);
        return Json.objectBuilder()
                .add("kty", "EC")
                .add("crv", "P-256")
                .add("x", coordinate(key.getW().getAffineX()))
                .add("y", coordinate(key.getW().getAffineY()))
                .build();
    }

    /**
     * Reads a public EC P-256 JWK.
     *
     * @throws ProtocolException {@code unsupported_key} for other key types or curves,
     *                           {@code invalid_field} (field {@code jwk}) for a malformed key
     */
    public static ECPublicKey fromJwk(JsonObject jwk) {
        String kty = Json.optionalString(jwk, "kty", 16);
        String crv = Json.optionalString(jwk, "crv", 16);
        if (!"EC".equals(kty) || !"P-256".equals(crv)) {
            throw new ProtocolException(ProtocolException.UNSUPPORTED_KEY, "jwk", "only EC P-256 keys are supported");
        }
        if (jwk.containsKey("d")) {
            throw ProtocolException.invalidField("jwk", "jwk must not contain a private key");
        }
        ECPoint point = new ECPoint(coordinate(jwk, "x"), coordinate(jwk, "y"));
        if (!onCurve(point)) {
            throw ProtocolException.invalidField("jwk", "jwk point is not on the P-256 curve");
        }
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, P256));
        } catch (GeneralSecurityException e) {
            throw ProtocolException.invalidField("jwk", "jwk is not a usable EC public key");
        }
    }

    /** The key pair of a stored EC P-256 private key, deriving its public key. */
    public static KeyPair keyPairOf(PrivateKey privateKey) {
        if (!(privateKey instanceof ECPrivateKey ec) || !isP256(ec.getParams())) {
            throw new ProtocolException(ProtocolException.UNSUPPORTED_KEY, null, "only EC P-256 keys are supported");
        }
        BigInteger d = ec.getS();
        if (d.signum() <= 0 || d.compareTo(P256.getOrder()) >= 0) {
            throw new ProtocolException(ProtocolException.UNSUPPORTED_KEY, null, "the EC private key is out of range");
        }
        X9ECParameters curve = ECNamedCurveTable.getByName(CURVE);
        org.bouncycastle.math.ec.ECPoint q = new FixedPointCombMultiplier().multiply(curve.getG(), d).normalize();
        ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
        try {
            PublicKey publicKey = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, P256));
            return new KeyPair(publicKey, privateKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the EC public key", e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static String base64Url(byte[] data) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(data);
    }

    /** Strict base64url without padding; {@code null} when {@code text} is not that. */
    static byte[] base64UrlDecode(String text) {
        if (!BASE64URL.matcher(text).matches()) {
            return null;
        }
        try {
            return Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String coordinate(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] fixed = new byte[COORDINATE_BYTES];
        int length = Math.min(raw.length, COORDINATE_BYTES);
        System.arraycopy(raw, raw.length - length, fixed, COORDINATE_BYTES - length, length);
        return base64Url(fixed);
    }

    private static BigInteger coordinate(JsonObject jwk, String member) {
        String text = Json.optionalString(jwk, member, 64);
        byte[] bytes = text == null ? null : base64UrlDecode(text);
        if (bytes == null || bytes.length != COORDINATE_BYTES) {
            throw ProtocolException.invalidField("jwk", "jwk " + member + " must be 32 bytes in base64url");
        }
        return new BigInteger(1, bytes);
    }

    private static boolean isP256(ECParameterSpec params) {
        return params != null
                && params.getCurve().equals(P256.getCurve())
                && params.getGenerator().equals(P256.getGenerator())
                && params.getOrder().equals(P256.getOrder())
                && params.getCofactor() == P256.getCofactor();
    }

    private static boolean onCurve(ECPoint point) {
        if (point == null || ECPoint.POINT_INFINITY.equals(point)) {
            return false;
        }
        BigInteger p = ((ECFieldFp) P256.getCurve().getField()).getP();
        BigInteger x = point.getAffineX();
        BigInteger y = point.getAffineY();
        if (x.signum() < 0 || x.compareTo(p) >= 0 || y.signum() < 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right = x.pow(3).add(P256.getCurve().getA().multiply(x)).add(P256.getCurve().getB()).mod(p);
        return left.equals(right);
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(CURVE));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM does not know the P-256 curve", e);
        }
    }
}
