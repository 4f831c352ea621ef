package io.rap.fabric.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonObject;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

class SnapshotSigningTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final UUID CLUSTER = UUID.fromString("00000000-0000-4000-8000-00000000000c");
    private static final UUID NODE = UUID.fromString("00000000-0000-4000-8000-00000000000a");

    private KeyPair caKey;
    private X509Certificate ca;
    private KeyPair signerKey;
    private String signerPem;
    private SnapshotTrust trust;

    @BeforeEach
    void trustRoot() throws Exception {
        caKey = Keys.generateP256();
        ca = TestCertificates.ca(caKey, "cluster CA", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(3650)));
        signerKey = Keys.generateP256();
        signerPem = Pem.encodeCertificate(signer(ca, caKey, SnapshotSigning.signerUri(CLUSTER).toString(),
                KeyUsage.digitalSignature));
        trust = new SnapshotTrust(ca, CLUSTER, NODE);
    }

    private X509Certificate signer(X509Certificate issuer, KeyPair issuerKey, String uri, int usage) throws Exception {
        return TestCertificates.issued(issuer, issuerKey, signerKey.getPublic(), uri, usage,
                NOW.minus(Duration.ofDays(2)), NOW.plus(Duration.ofDays(90)));
    }

    static Snapshot snapshot(UUID cluster, UUID node, long version, Instant issuedAt) {
        return new Snapshot(cluster, node, version, issuedAt, issuedAt.plus(Duration.ofHours(24)),
                List.of(new RoleGrant("relay", null)),
                List.of(new DesiredWorkload("echo", "synthetic.echo", "relay", Map.of("port", "7443"))),
                List.of("1a2b", "ff"),
                List.of(new SnapshotPeer(UUID.randomUUID(), "core-1", List.of("192.0.2.1"), 7443, List.of("core-mesh"))),
                PeerPolicy.CORE, null, null);
    }

    private SignedSnapshot signed(Snapshot snapshot) {
        return SnapshotSigning.sign(snapshot, signerKey.getPrivate(), signerPem);
    }

    @Test
    void aSignedSnapshotVerifiesAndSurvivesTheWire() {
        Snapshot original = snapshot(CLUSTER, NODE, 3, NOW);
        SignedSnapshot onTheWire = SignedSnapshot.fromJson(Json.parse(Json.toBytes(signed(original).toJson())));

        VerifiedSnapshot verified = SnapshotSigning.verify(onTheWire, trust, NOW, null);

        assertThat(verified.snapshot()).isEqualTo(original);
        assertThat(verified.payloadSha256()).hasSize(64);
        assertThat(verified.snapshot().entryPoints()).isNull();
        assertThat(new String(onTheWire.payload(), StandardCharsets.UTF_8)).doesNotContain("entryPoints", " ");
    }

    @Test
    void canonicalBytesDoNotDependOnMemberOrder() {
        JsonObject a = Json.objectBuilder().add("b", 1).add("a", Json.objectBuilder().add("y", "é\n").add("x", true))
                .build();
        JsonObject b = Json.objectBuilder().add("a", Json.objectBuilder().add("x", true).add("y", "é\n")).add("b", 1)
                .build();

        assertThat(CanonicalJson.toBytes(a)).isEqualTo(CanonicalJson.toBytes(b));
        assertThat(new String(CanonicalJson.toBytes(a), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":{\"x\":true,\"y\":\"é\\n\"},\"b\":1}");
        assertThatThrownBy(() -> CanonicalJson.toBytes(Json.objectBuilder().add("f", 1.5).build()))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void aTamperedPayloadIsRefused() {
        SignedSnapshot good = signed(snapshot(CLUSTER, NODE, 3, NOW));
        byte[] payload = good.payload();
        String text = new String(payload, StandardCharsets.UTF_8).replace("\"relay\"", "\"vpnxx\"");
        SignedSnapshot tampered = new SignedSnapshot(text.getBytes(StandardCharsets.UTF_8), good.signature(),
                good.signerCertificatePem());

        assertRefused(tampered, null, SnapshotException.BAD_SIGNATURE);
    }

    @Test
    void anUnsignedSnapshotIsRefused() {
        JsonObject envelope = signed(snapshot(CLUSTER, NODE, 3, NOW)).toJson();
        JsonObject unsigned = Json.objectBuilder(envelope).remove("signature").build();
        JsonObject noneAlg = Json.objectBuilder(envelope).add("alg", "none").build();

        assertThatThrownBy(() -> SignedSnapshot.fromJson(unsigned)).isInstanceOf(SnapshotException.class)
                .hasFieldOrPropertyWithValue("code", SnapshotException.UNSIGNED);
        assertThatThrownBy(() -> SignedSnapshot.fromJson(noneAlg)).isInstanceOf(SnapshotException.class)
                .hasFieldOrPropertyWithValue("code", SnapshotException.UNSIGNED);
    }

    @Test
    void aSignerFromAnotherCaOrForAnotherClusterIsNotTrusted() throws Exception {
        KeyPair otherCaKey = Keys.generateP256();
        X509Certificate otherCa = TestCertificates.ca(otherCaKey, "cluster CA", NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(10)));
        String foreignSigner = Pem.encodeCertificate(signer(otherCa, otherCaKey,
                SnapshotSigning.signerUri(CLUSTER).toString(), KeyUsage.digitalSignature));
        String otherClusterSigner = Pem.encodeCertificate(signer(ca, caKey,
                SnapshotSigning.signerUri(UUID.randomUUID()).toString(), KeyUsage.digitalSignature));
        String nodeCertificateAsSigner = Pem.encodeCertificate(signer(ca, caKey,
                "urn:rap:cluster:" + CLUSTER + ":node:" + NODE, KeyUsage.digitalSignature));
        String noSigningUsage = Pem.encodeCertificate(signer(ca, caKey, SnapshotSigning.signerUri(CLUSTER).toString(),
                KeyUsage.keyEncipherment));
        Snapshot snapshot = snapshot(CLUSTER, NODE, 3, NOW);

        for (String pem : List.of(foreignSigner, otherClusterSigner, nodeCertificateAsSigner, noSigningUsage)) {
            assertRefused(SnapshotSigning.sign(snapshot, signerKey.getPrivate(), pem), null,
                    SnapshotException.UNTRUSTED_SIGNER);
        }
    }

    @Test
    void aSnapshotForAnotherClusterOrNodeIsRefused() {
        assertRefused(signed(snapshot(UUID.randomUUID(), NODE, 3, NOW)), null, SnapshotException.FOREIGN_CLUSTER);
        assertRefused(signed(snapshot(CLUSTER, UUID.randomUUID(), 3, NOW)), null, SnapshotException.WRONG_NODE);
    }

    @Test
    void anExpiredSnapshotIsRefusedOnReceiptButStillReadableFromDisk() {
        SignedSnapshot old = signed(snapshot(CLUSTER, NODE, 3, NOW.minus(Duration.ofHours(25))));

        assertRefused(old, null, SnapshotException.EXPIRED);
        assertThat(SnapshotSigning.verifyStored(old, trust).snapshot().version()).isEqualTo(3);
    }

    @Test
    void olderVersionsAreRefusedAndTheSameVersionOnlyWithTheSamePayload() {
        VerifiedSnapshot applied = SnapshotSigning.verify(signed(snapshot(CLUSTER, NODE, 5, NOW)), trust, NOW, null);

        assertRefused(signed(snapshot(CLUSTER, NODE, 4, NOW)), applied, SnapshotException.ROLLBACK);
        assertRefused(signed(snapshot(CLUSTER, NODE, 5, NOW.plusSeconds(1))), applied, SnapshotException.ROLLBACK);
        assertThat(SnapshotSigning.verify(signed(snapshot(CLUSTER, NODE, 6, NOW)), trust, NOW, applied)
                .snapshot().version()).isEqualTo(6);
    }

    @Test
    void needToKnowSectionsAreAbsentNotEmpty() {
        Snapshot thin = new Snapshot(CLUSTER, NODE, 1, NOW, NOW.plusSeconds(60), List.of(), List.of(), List.of(),
                null, null, null, null);

        JsonObject json = thin.toJson();

        assertThat(json).doesNotContainKeys("peers", "peerPolicy", "entryPoints", "resources");
        assertThat(Snapshot.fromJson(json).peers()).isNull();
        assertThat(Snapshot.fromJson(Json.objectBuilder(json).add("peers", Json.arrayBuilder()).build()).peers())
                .isEmpty();
    }

    private void assertRefused(SignedSnapshot signed, VerifiedSnapshot last, String code) {
        assertThatThrownBy(() -> SnapshotSigning.verify(signed, trust, NOW, last))
                .isInstanceOf(SnapshotException.class).hasFieldOrPropertyWithValue("code", code);
    }
}
