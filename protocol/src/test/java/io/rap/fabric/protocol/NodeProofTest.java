package io.rap.fabric.protocol;

import jakarta.json.JsonObject;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeProofTest {

    private static final URI URI_ = URI.create("https://cp.example/node-api/v1/nodes/abc/heartbeats");
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final Duration WINDOW = Duration.ofSeconds(60);
    private static final byte[] BODY = "{\"health\":\"healthy\"}".getBytes(StandardCharsets.UTF_8);
    private static final String JTI = "proof-id-0000000001";

    private final KeyPair key = Keys.generateP256();

    @Test
    void createdProofVerifies() {
        String proof = NodeProof.create(key, "POST", URI_, BODY, NOW, JTI);

        VerifiedProof verified = NodeProof.verify(proof, "POST", URI_, BODY, NOW.plusSeconds(5), WINDOW);

        assertThat(verified.publicKey()).isEqualTo(key.getPublic());
        assertThat(verified.keyThumbprint()).isEqualTo(Keys.thumbprint(key.getPublic()));
        assertThat(verified.jti()).isEqualTo(JTI);
        assertThat(verified.issuedAt()).isEqualTo(NOW);
    }

    @Test
    void headerAndPayloadHaveTheDocumentedShape() {
        String[] parts = NodeProof.create(key, "POST", URI.create("https://CP.example:443/node-api/v1/x?q=1#f"), BODY, NOW, JTI)
                .split("\\.");
        JsonObject header = decode(parts[0]);
        JsonObject payload = decode(parts[1]);

        assertThat(header.getString("typ")).isEqualTo("rap-node-proof+jwt");
        assertThat(header.getString("alg")).isEqualTo("ES256");
        assertThat(header.getJsonObject("jwk")).isEqualTo(Keys.toJwk(key.getPublic()));
        assertThat(payload.getString("htm")).isEqualTo("POST");
        assertThat(payload.getString("htu")).isEqualTo("https://cp.example/node-api/v1/x");
        assertThat(payload.getJsonNumber("iat").longValueExact()).isEqualTo(NOW.getEpochSecond());
        assertThat(payload.getString("jti")).isEqualTo(JTI);
        assertThat(payload.getString("bsh")).isEqualTo(NodeProof.bodyHash(BODY));
    }

    @Test
    void signatureIsRawRAndSNotDer() throws Exception {
        String[] parts = NodeProof.create(key, "GET", URI_, null, NOW, JTI).split("\\.");
        byte[] raw = Base64.getUrlDecoder().decode(parts[2]);

        byte[] der = new DERSequence(new ASN1Integer[]{
                new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 0, 32))),
                new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 32, 64)))}).getEncoded();
        Signature plain = Signature.getInstance("SHA256withECDSA");
        plain.initVerify(key.getPublic());
        plain.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));

        assertThat(raw).hasSize(64);
        assertThat(plain.verify(der)).isTrue();
    }

    @Test
    void randomJtisDiffer() {
        String first = NodeProof.verify(NodeProof.create(key, "GET", URI_, null, NOW), "GET", URI_, null, NOW, WINDOW).jti();
        String second = NodeProof.verify(NodeProof.create(key, "GET", URI_, null, NOW), "GET", URI_, null, NOW, WINDOW).jti();

        assertThat(first).hasSize(22).isNotEqualTo(second);
    }

    @Test
    void noBodyAndEmptyBodyAreTheSame() {
        String proof = NodeProof.create(key, "GET", URI_, null, NOW, JTI);

        assertThat(NodeProof.verify(proof, "GET", URI_, new byte[0], NOW, WINDOW).jti()).isEqualTo(JTI);
        assertThat(NodeProof.bodyHash(null)).isEqualTo("47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU");
    }

    @Test
    void uriComparisonIgnoresQueryFragmentCaseAndDefaultPort() {
        String proof = NodeProof.create(key, "POST", URI_, BODY, NOW, JTI);

        for (String variant : new String[]{
                "https://cp.example/node-api/v1/nodes/abc/heartbeats?x=1",
                "HTTPS://CP.EXAMPLE/node-api/v1/nodes/abc/heartbeats#frag",
                "https://cp.example:443/node-api/v1/nodes/abc/heartbeats",
                "https://cp.example/node-api/v1/nodes/%61bc/heartbeats"}) {
            assertThat(NodeProof.verify(proof, "POST", URI.create(variant), BODY, NOW, WINDOW).jti()).isEqualTo(JTI);
        }
    }

    @Test
    void wrongUriIsRefused() {
        String proof = NodeProof.create(key, "POST", URI_, BODY, NOW, JTI);

        for (String other : new String[]{
                "https://cp.example/node-api/v1/nodes/abd/heartbeats",
                "https://cp.example/node-api/v1/nodes/ABC/heartbeats",
                "http://cp.example/node-api/v1/nodes/abc/heartbeats",
                "https://cp.example:8443/node-api/v1/nodes/abc/heartbeats",
                "https://evil.example/node-api/v1/nodes/abc/heartbeats"}) {
            assertCode(() -> NodeProof.verify(proof, "POST", URI.create(other), BODY, NOW, WINDOW), ProofException.WRONG_URI);
        }
    }

    @Test
    void wrongMethodIsRefused() {
        String proof = NodeProof.create(key, "GET", URI_, null, NOW, JTI);

        assertCode(() -> NodeProof.verify(proof, "POST", URI_, null, NOW, WINDOW), ProofException.WRONG_METHOD);
    }

    @Test
    void staleAndFutureProofsAreRefused() {
        String proof = NodeProof.create(key, "POST", URI_, BODY, NOW, JTI);

        assertThat(NodeProof.verify(proof, "POST", URI_, BODY, NOW.plus(WINDOW), WINDOW).jti()).isEqualTo(JTI);
        assertCode(() -> NodeProof.verify(proof, "POST", URI_, BODY, NOW.plus(WINDOW).plusSeconds(1), WINDOW),
                ProofException.STALE);
        assertCode(() -> NodeProof.verify(proof, "POST", URI_, BODY, NOW.minus(WINDOW).minusSeconds(1), WINDOW),
                ProofException.STALE);
    }

    @Test
    void changedBodyIsRefused() {
        String proof = NodeProof.create(key, "POST", URI_, BODY, NOW, JTI);
        byte[] changed = "{\"health\":\"unhealthy\"}".getBytes(StandardCharsets.UTF_8);

        assertCode(() -> NodeProof.verify(proof, "POST", URI_, changed, NOW, WINDOW), ProofException.BODY_MISMATCH);
        assertCode(() -> NodeProof.verify(proof, "POST", URI_, null, NOW, WINDOW), ProofException.BODY_MISMATCH);
    }

    @Test
    void tamperedPayloadIsRefused() {
        String[] parts = NodeProof.create(key, "GET", URI_, null, NOW, JTI).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"GET\"", "\"POST\"");
        String tampered = parts[0] + "." + b64(payload) + "." + parts[2];

        assertCode(() -> NodeProof.verify(tampered, "POST", URI_, null, NOW, WINDOW), ProofException.BAD_SIGNATURE);
    }

    @Test
    void proofSignedByAnotherKeyIsRefused() {
        KeyPair other = Keys.generateP256();
        String[] mine = NodeProof.create(key, "GET", URI_, null, NOW, JTI).split("\\.");
        String[] theirs = NodeProof.create(other, "GET", URI_, null, NOW, JTI).split("\\.");

        // Header (and so the claimed key) of one, signature of the other.
        assertCode(() -> NodeProof.verify(mine[0] + "." + mine[1] + "." + theirs[2], "GET", URI_, null, NOW, WINDOW),
                ProofException.BAD_SIGNATURE);
        assertCode(() -> NodeProof.verify(theirs[0] + "." + mine[1] + "." + mine[2], "GET", URI_, null, NOW, WINDOW),
                ProofException.BAD_SIGNATURE);
    }

    @Test
    void derEncodedSignatureIsRefused() throws Exception {
        String[] parts = NodeProof.create(key, "GET", URI_, null, NOW, JTI).split("\\.");
        Signature der = Signature.getInstance("SHA256withECDSA");
        der.initSign(key.getPrivate());
        der.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        String proof = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(der.sign());

        assertCode(() -> NodeProof.verify(proof, "GET", URI_, null, NOW, WINDOW), ProofException.BAD_SIGNATURE);
    }

    @Test
    void algNoneAndOtherAlgorithmsAreRefused() {
        String[] parts = NodeProof.create(key, "GET", URI_, null, NOW, JTI).split("\\.");
        String jwk = Json.provider().createObjectBuilder(Keys.toJwk(key.getPublic())).build().toString();

        for (String alg : new String[]{"none", "HS256", "ES384", "RS256"}) {
            String header = b64("{\"typ\":\"rap-node-proof+jwt\",\"alg\":\"" + alg + "\",\"jwk\":" + jwk + "}");
            assertCode(() -> NodeProof.verify(header + "." + parts[1] + ".", "GET", URI_, null, NOW, WINDOW),
                    ProofException.UNSUPPORTED_ALG);
        }
        String rsaHeader = b64("{\"typ\":\"rap-node-proof+jwt\",\"alg\":\"ES256\",\"jwk\":{\"kty\":\"RSA\",\"n\":\"AQAB\","
                + "\"e\":\"AQAB\"}}");
        assertCode(() -> NodeProof.verify(rsaHeader + "." + parts[1] + "." + parts[2], "GET", URI_, null, NOW, WINDOW),
                ProofException.UNSUPPORTED_ALG);
    }

    @Test
    void malformedProofsAreRefused() {
        String proof = NodeProof.create(key, "GET", URI_, null, NOW, JTI);
        String[] parts = proof.split("\\.");
        String jwk = Keys.toJwk(key.getPublic()).toString();

        for (String bad : new String[]{
                null,
                "",
                "abc",
                parts[0] + "." + parts[1],
                proof + ".x",
                "!!!." + parts[1] + "." + parts[2],
                b64("[1]") + "." + parts[1] + "." + parts[2],
                b64("{\"typ\":\"JWT\",\"alg\":\"ES256\",\"jwk\":" + jwk + "}") + "." + parts[1] + "." + parts[2],
                b64("{\"typ\":\"rap-node-proof+jwt\",\"alg\":\"ES256\"}") + "." + parts[1] + "." + parts[2],
                b64("{\"typ\":\"rap-node-proof+jwt\",\"alg\":\"ES256\",\"crit\":[\"x\"],\"jwk\":" + jwk + "}")
                        + "." + parts[1] + "." + parts[2],
                "a".repeat(Limits.MAX_PROOF_LENGTH + 1)}) {
            assertCode(() -> NodeProof.verify(bad, "GET", URI_, null, NOW, WINDOW), ProofException.MALFORMED);
        }
    }

    @Test
    void correctlySignedProofWithoutRequiredClaimsIsMalformed() throws Exception {
        String header = NodeProof.create(key, "GET", URI_, null, NOW, JTI).split("\\.")[0];
        String noJti = sign(header, "{\"htm\":\"GET\",\"htu\":\"" + URI_ + "\",\"iat\":" + NOW.getEpochSecond()
                + ",\"bsh\":\"" + NodeProof.bodyHash(null) + "\"}");
        String textIat = sign(header, "{\"htm\":\"GET\",\"htu\":\"" + URI_ + "\",\"iat\":\"now\",\"jti\":\"" + JTI
                + "\",\"bsh\":\"" + NodeProof.bodyHash(null) + "\"}");
        String shortJti = sign(header, "{\"htm\":\"GET\",\"htu\":\"" + URI_ + "\",\"iat\":" + NOW.getEpochSecond()
                + ",\"jti\":\"a\",\"bsh\":\"" + NodeProof.bodyHash(null) + "\"}");

        assertCode(() -> NodeProof.verify(noJti, "GET", URI_, null, NOW, WINDOW), ProofException.MALFORMED);
        assertCode(() -> NodeProof.verify(textIat, "GET", URI_, null, NOW, WINDOW), ProofException.MALFORMED);
        assertCode(() -> NodeProof.verify(shortJti, "GET", URI_, null, NOW, WINDOW), ProofException.MALFORMED);
    }

    @Test
    void proofExceptionsNameTheHeader() {
        assertThatThrownBy(() -> NodeProof.verify("x", "GET", URI_, null, NOW, WINDOW))
                .isInstanceOf(ProofException.class)
                .extracting(e -> ((ProofException) e).field()).isEqualTo("DPoP");
    }

    private String sign(String header, String payloadJson) throws Exception {
        String input = header + "." + b64(payloadJson);
        Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
        signer.initSign(key.getPrivate());
        signer.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonObject decode(String part) {
        return Json.parse(Base64.getUrlDecoder().decode(part));
    }

    private static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String code) {
        assertThatThrownBy(call).isInstanceOf(ProofException.class)
                .extracting(e -> ((ProofException) e).code()).isEqualTo(code);
    }
}
