package io.rap.fabric.protocol;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeClaimTest {

    private static final URI ENROLLMENTS = URI.create("https://cp.example/node-api/v1/enrollments");
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration WINDOW = Duration.ofSeconds(60);

    private final KeyPair existing = Keys.generateP256();
    private final KeyPair fresh = Keys.generateP256();
    private final UUID node = UUID.randomUUID();
    private final String token = "rapjt_" + "b".repeat(43);

    private NodeClaim claim() {
        return NodeClaim.create(existing, node, ENROLLMENTS, Keys.thumbprint(fresh.getPublic()), token, NOW);
    }

    @Test
    void verifiesAgainstTheStatementTheServerRecomputesWithTheExistingKey() {
        NodeClaim claim = claim();

        VerifiedProof verified = NodeProof.verify(claim.proof(), "POST", ENROLLMENTS,
                NodeClaim.statement(node, Keys.thumbprint(fresh.getPublic()), token), NOW.plusSeconds(3), WINDOW);

        assertThat(claim.nodeId()).isEqualTo(node);
        assertThat(verified.keyThumbprint()).isEqualTo(Keys.thumbprint(existing.getPublic()));
    }

    @Test
    void isWorthNothingForAnotherCsrKeyTokenNodeOrServer() {
        NodeClaim claim = claim();
        String otherKey = Keys.thumbprint(Keys.generateP256().getPublic());
        for (byte[] statement : List.of(NodeClaim.statement(node, otherKey, token),
                NodeClaim.statement(node, Keys.thumbprint(fresh.getPublic()), token + "x"),
                NodeClaim.statement(UUID.randomUUID(), Keys.thumbprint(fresh.getPublic()), token))) {
            assertThatThrownBy(() -> NodeProof.verify(claim.proof(), "POST", ENROLLMENTS, statement, NOW, WINDOW))
                    .isInstanceOf(ProofException.class).hasFieldOrPropertyWithValue("code", ProofException.BODY_MISMATCH);
        }
        assertThatThrownBy(() -> NodeProof.verify(claim.proof(), "POST", URI.create("https://other.example/node-api/v1/enrollments"),
                NodeClaim.statement(node, Keys.thumbprint(fresh.getPublic()), token), NOW, WINDOW))
                .isInstanceOf(ProofException.class).hasFieldOrPropertyWithValue("code", ProofException.WRONG_URI);
    }

    @Test
    void statementIsCanonicalJsonWithTheTokenOnlyAsItsHash() {
        String statement = new String(NodeClaim.statement(node, "abc", token), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(statement).startsWith("{\"csrKey\":\"abc\",\"joinToken\":\"").contains("\"node\":\"" + node + "\"")
                .endsWith("\"typ\":\"rap-node-claim/1\"}").doesNotContain(token);
    }

    @Test
    void travelsInTheEnrollmentRequestAndIsOptional() {
        HostFacts facts = MessagesTest.facts();
        NodeClaim claim = claim();
        EnrollmentRequest with = new EnrollmentRequest(token, Csr.create(fresh, "n"), "n", facts, List.of(), List.of(),
                "1", claim);

        EnrollmentRequest parsed = EnrollmentRequest.fromJson(Json.parse(Json.toBytes(with.toJson())));

        assertThat(parsed.nodeClaim()).isEqualTo(claim);
        assertThat(parsed.toString()).doesNotContain(claim.proof()).contains(node.toString());
        EnrollmentRequest without = new EnrollmentRequest(token, Csr.create(fresh, "n"), "n", facts, List.of(),
                List.of(), "1");
        assertThat(without.toJson().containsKey("nodeClaim")).isFalse();
        assertThat(EnrollmentRequest.fromJson(without.toJson()).nodeClaim()).isNull();
        assertThatThrownBy(() -> NodeClaim.fromJson(Json.objectBuilder().add("nodeId", "not-a-uuid").add("proof", "x")
                .build())).isInstanceOf(ProtocolException.class);
    }
}
