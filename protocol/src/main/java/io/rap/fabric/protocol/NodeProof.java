package io.rap.fabric.protocol;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Proof of possession of a node key for one HTTP request, shaped like an RFC 9449 DPoP
 * proof: a compact JWS (ES256, signature as raw R||S) whose header carries the public
 * key as a JWK and whose payload binds method ({@code htm}), URI ({@code htu}), time
 * ({@code iat}), a unique id ({@code jti}) and the SHA-256 of the body ({@code bsh}).
 */
public final class NodeProof {

    /** The HTTP request header carrying the proof. */
    public static final String HEADER = "DPoP";
    public static final String TYPE = "rap-node-proof+jwt";
    public static final String ALGORITHM = "ES256";

    /** The JDK's ECDSA in IEEE P1363 form: the raw R||S of JWS instead of DER. */
    private static final String JCA_ALGORITHM = "SHA256withECDSAinP1363Format";
    private static final int SIGNATURE_BYTES = 64;
    private static final int JTI_BYTES = 16;
    private static final Pattern JTI = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private NodeProof() {
    }

    /** A proof with a fresh random 128-bit {@code jti}. {@code body} may be {@code null}. */
    public static String create(KeyPair key, String method, URI uri, byte[] body, Instant iat) {
        byte[] jti = new byte[JTI_BYTES];
        RANDOM.nextBytes(jti);
        return create(key, method, uri, body, iat, Keys.base64Url(jti));
    }

    public static String create(KeyPair key, String method, URI uri, byte[] body, Instant iat, String jti) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(iat, "iat");
        if (method == null || !METHOD.matcher(method).matches()) {
            throw new IllegalArgumentException("method must be an upper-case HTTP method");
        }
        if (jti == null || !validJti(jti)) {
            throw new IllegalArgumentException("jti must be " + Limits.MIN_JTI_LENGTH + " to " + Limits.MAX_JTI_LENGTH
                    + " base64url characters");
        }
        JsonObject header = Json.objectBuilder()
                .add("typ", TYPE)
                .add("alg", ALGORITHM)
                .add("jwk", Keys.toJwk(key.getPublic()))
                .build();
        JsonObject payload = Json.objectBuilder()
                .add("htm", method)
                .add("htu", htu(uri))
                .add("iat", iat.getEpochSecond())
                .add("jti", jti)
                .add("bsh", bodyHash(body))
                .build();
        String signingInput = Keys.base64Url(Json.toBytes(header)) + "." + Keys.base64Url(Json.toBytes(payload));
        try {
            Signature signer = Signature.getInstance(JCA_ALGORITHM);
            signer.initSign(key.getPrivate());
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Keys.base64Url(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the node proof", e);
        }
    }

    /**
     * Verifies a proof for the request the server received.
     *
     * @param expectedUri the request URI as the client addressed it (the server's public
     *                    base URL plus the request path); query and fragment are ignored
     * @param body        the exact request body bytes; {@code null} or empty when there is none
     * @param window      how far {@code iat} may lie from {@code now}, either way
     * @throws ProofException with the code naming the first check that failed
     */
    public static VerifiedProof verify(String compactJws, String expectedMethod, URI expectedUri, byte[] body,
                                       Instant now, Duration window) {
        Objects.requireNonNull(expectedMethod, "expectedMethod");
        Objects.requireNonNull(expectedUri, "expectedUri");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(window, "window");
        if (compactJws == null || compactJws.isEmpty()) {
            throw new ProofException(ProofException.MALFORMED, "the " + HEADER + " proof is missing");
        }
        if (compactJws.length() > Limits.MAX_PROOF_LENGTH) {
            throw new ProofException(ProofException.MALFORMED, "the proof is longer than " + Limits.MAX_PROOF_LENGTH
                    + " characters");
        }
        String[] parts = compactJws.split("\\.", -1);
        if (parts.length != 3) {
            throw new ProofException(ProofException.MALFORMED, "the proof is not a compact JWS (three parts)");
        }
        JsonObject header = decodeJson(parts[0], "header");
        if (!TYPE.equals(stringMember(header, "typ"))) {
            throw new ProofException(ProofException.MALFORMED, "the proof header typ must be " + TYPE);
        }
        if (!ALGORITHM.equals(stringMember(header, "alg"))) {
            throw new ProofException(ProofException.UNSUPPORTED_ALG, "the proof must be signed with " + ALGORITHM);
        }
        if (header.containsKey("crit")) {
            throw new ProofException(ProofException.MALFORMED, "the proof header must not carry crit extensions");
        }
        ECPublicKey publicKey = headerKey(header);

        byte[] signature = Keys.base64UrlDecode(parts[2]);
        if (signature == null || signature.length != SIGNATURE_BYTES) {
            throw new ProofException(ProofException.BAD_SIGNATURE, "the proof signature is not a 64-byte ES256 signature");
        }
        if (!signatureValid(publicKey, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), signature)) {
            throw new ProofException(ProofException.BAD_SIGNATURE, "the proof signature does not verify with its key");
        }

        JsonObject payload = decodeJson(parts[1], "payload");
        String htm = requireClaim(payload, "htm");
        String htu = requireClaim(payload, "htu");
        String jti = requireClaim(payload, "jti");
        String bsh = requireClaim(payload, "bsh");
        Instant issuedAt = issuedAt(payload);
        if (!validJti(jti)) {
            throw new ProofException(ProofException.MALFORMED, "the proof jti must be " + Limits.MIN_JTI_LENGTH + " to "
                    + Limits.MAX_JTI_LENGTH + " base64url characters");
        }

        if (!htm.equals(expectedMethod)) {
            throw new ProofException(ProofException.WRONG_METHOD, "the proof is for method " + htm + ", not "
                    + expectedMethod);
        }
        URI claimed;
        try {
            claimed = new URI(htu);
        } catch (java.net.URISyntaxException e) {
            throw new ProofException(ProofException.MALFORMED, "the proof htu is not a URI");
        }
        if (!sameTarget(claimed, expectedUri)) {
            throw new ProofException(ProofException.WRONG_URI, "the proof is for another URI");
        }
        if (Duration.between(issuedAt, now).abs().compareTo(window) > 0) {
            throw new ProofException(ProofException.STALE, "the proof was issued at " + issuedAt
                    + ", outside the accepted window of " + window.toSeconds() + " s around " + now);
        }
        if (!MessageDigest.isEqual(bsh.getBytes(StandardCharsets.US_ASCII),
                bodyHash(body).getBytes(StandardCharsets.US_ASCII))) {
            throw new ProofException(ProofException.BODY_MISMATCH, "the proof does not match the request body");
        }
        return new VerifiedProof(publicKey, Keys.thumbprint(publicKey), jti, issuedAt);
    }

    /**
     * The {@code htu} of a request URI: scheme, host, port and path, without query and
     * fragment, normalized per RFC 3986 §6.2.2–6.2.3 (lower-case scheme and host, no
     * default port, dot segments removed, percent-encoding normalized, empty path as "/").
     */
    public static String htu(URI uri) {
        Objects.requireNonNull(uri, "uri");
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"https".equals(scheme) && !"http".equals(scheme)) {
            throw new IllegalArgumentException("node proofs are for http(s) URIs, not " + uri.getScheme());
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("URI has no host: " + uri);
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
        String path = normalizePercentEncoding(uri.getRawPath() == null ? "" : uri.getRawPath());
        path = URI.create(path.isEmpty() ? "/" : path).normalize().getRawPath();
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port) + path;
    }

    /** base64url SHA-256 of the body; of empty input when there is no body. */
    public static String bodyHash(byte[] body) {
        return Keys.base64Url(Keys.sha256(body == null ? new byte[0] : body));
    }

    private static boolean sameTarget(URI claimed, URI expected) {
        try {
            return htu(claimed).equals(htu(expected));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static ECPublicKey headerKey(JsonObject header) {
        JsonValue jwk = header.get("jwk");
        if (jwk == null || jwk.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new ProofException(ProofException.MALFORMED, "the proof header must carry the public key as jwk");
        }
        try {
            return Keys.fromJwk(jwk.asJsonObject());
        } catch (ProtocolException e) {
            if (ProtocolException.UNSUPPORTED_KEY.equals(e.code())) {
                throw new ProofException(ProofException.UNSUPPORTED_ALG, "the proof key must be EC P-256");
            }
            throw new ProofException(ProofException.MALFORMED, "the proof jwk is invalid: " + e.getMessage());
        }
    }

    private static boolean signatureValid(PublicKey key, byte[] signingInput, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(JCA_ALGORITHM);
            verifier.initVerify(key);
            verifier.update(signingInput);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static JsonObject decodeJson(String part, String name) {
        byte[] bytes = Keys.base64UrlDecode(part);
        if (bytes == null || bytes.length == 0) {
            throw new ProofException(ProofException.MALFORMED, "the proof " + name + " is not base64url");
        }
        try {
            return Json.parse(bytes, Limits.MAX_PROOF_LENGTH);
        } catch (ProtocolException e) {
            throw new ProofException(ProofException.MALFORMED, "the proof " + name + " is not a JSON object");
        }
    }

    private static String stringMember(JsonObject object, String name) {
        JsonValue value = object.get(name);
        return value != null && value.getValueType() == JsonValue.ValueType.STRING ? object.getString(name) : null;
    }

    private static String requireClaim(JsonObject payload, String name) {
        String value = stringMember(payload, name);
        if (value == null || value.isEmpty()) {
            throw new ProofException(ProofException.MALFORMED, "the proof payload must carry the string claim " + name);
        }
        return value;
    }

    private static Instant issuedAt(JsonObject payload) {
        JsonValue value = payload.get("iat");
        if (value == null || value.getValueType() != JsonValue.ValueType.NUMBER || !((JsonNumber) value).isIntegral()) {
            throw new ProofException(ProofException.MALFORMED, "the proof payload must carry iat in epoch seconds");
        }
        try {
            return Instant.ofEpochSecond(((JsonNumber) value).longValueExact());
        } catch (ArithmeticException | DateTimeException e) {
            throw new ProofException(ProofException.MALFORMED, "the proof iat is out of range");
        }
    }

    private static boolean validJti(String jti) {
        return jti.length() >= Limits.MIN_JTI_LENGTH && jti.length() <= Limits.MAX_JTI_LENGTH
                && JTI.matcher(jti).matches();
    }

    /** Upper-case hex digits in escapes; decode escapes of unreserved characters. */
    private static String normalizePercentEncoding(String rawPath) {
        if (rawPath.indexOf('%') < 0) {
            return rawPath;
        }
        StringBuilder out = new StringBuilder(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            // java.net.URI has already checked that every '%' is followed by two hex digits.
            if (c == '%' && i + 2 < rawPath.length()) {
                int value = Integer.parseInt(rawPath.substring(i + 1, i + 3), 16);
                char decoded = (char) value;
                if (value < 0x80 && (Character.isLetterOrDigit(decoded) || "-._~".indexOf(decoded) >= 0)) {
                    out.append(decoded);
                } else {
                    out.append('%').append(rawPath.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
                }
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
