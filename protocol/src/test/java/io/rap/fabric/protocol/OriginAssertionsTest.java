package io.rap.fabric.protocol;

import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Origin assertions as a destination sees them, including what a malicious relay could send. */
class OriginAssertionsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final UUID CLUSTER = UUID.fromString("00000000-0000-4000-8000-00000000000c");
    private static final UUID ORIGIN = UUID.fromString("00000000-0000-4000-8000-0000000000a1");
    private static final UUID RELAY = UUID.fromString("00000000-0000-4000-8000-0000000000b2");
    private static final UUID DESTINATION = UUID.fromString("00000000-0000-4000-8000-0000000000d3");

    private KeyPair caKey;
    private X509Certificate ca;
    private KeyPair originKey;
    private X509Certificate originCertificate;
    private KeyPair relayKey;
    private X509Certificate relayCertificate;
    private final Set<String> revoked = new HashSet<>();
    private OriginTrust trust;
    private ReplayCache replays;

    @BeforeEach
    void cluster() throws Exception {
        caKey = Keys.generateP256();
        ca = TestCertificates.ca(caKey, "cluster CA", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(3650)));
        originKey = Keys.generateP256();
        originCertificate = node(ca, caKey, originKey, ORIGIN);
        relayKey = Keys.generateP256();
        relayCertificate = node(ca, caKey, relayKey, RELAY);
        trust = new OriginTrust(ca, CLUSTER, DESTINATION, revoked::contains);
        replays = new ReplayCache(OriginAssertions.WINDOW, 1000);
    }

    private static X509Certificate node(X509Certificate issuer, KeyPair issuerKey, KeyPair key, UUID node) throws Exception {
        return TestCertificates.issued(issuer, issuerKey, key.getPublic(), new NodeUri(CLUSTER, node).toString(),
                KeyUsage.digitalSignature, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));
    }

    private OriginAssertion assertion(UUID origin, UUID destination, Instant issuedAt) {
        return OriginAssertions.create(new NodeUri(CLUSTER, origin), destination, "synthetic.echo", issuedAt);
    }

    private SignedOriginAssertion fromOrigin() {
        return OriginAssertions.sign(assertion(ORIGIN, DESTINATION, NOW), originKey.getPrivate(), originCertificate);
    }

    /** What arrives after the bytes went over the wire. */
    private static SignedOriginAssertion wire(SignedOriginAssertion signed) {
        return SignedOriginAssertion.fromBytes(signed.toBytes());
    }

    private void assertRefused(SignedOriginAssertion signed, Instant now, String code) {
        assertThatThrownBy(() -> OriginAssertions.verify(wire(signed), trust, now, replays))
                .isInstanceOfSatisfying(OriginAssertionException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void theOriginsOwnAssertionIsAccepted() {
        VerifiedOrigin verified = OriginAssertions.verify(wire(fromOrigin()), trust, NOW.plusSeconds(2), replays);

        assertThat(verified.origin()).isEqualTo(ORIGIN);
        assertThat(verified.intent()).isEqualTo("synthetic.echo");
        assertThat(verified.certificateSerial()).isEqualTo(originCertificate.getSerialNumber().toString(16));
    }

    @Test
    void relayClaimingTheOriginWithItsOwnKeyAndTheOriginsCertificateIsRefused() {
        // The relay saw the origin's certificate in an earlier assertion and signs its own claim.
        SignedOriginAssertion forged = OriginAssertions.sign(assertion(ORIGIN, DESTINATION, NOW), relayKey.getPrivate(),
                originCertificate);

        assertRefused(forged, NOW, OriginAssertionException.BAD_SIGNATURE);
    }

    @Test
    void relayClaimingTheOriginWithItsOwnCertificateIsRefused() {
        SignedOriginAssertion forged = OriginAssertions.sign(assertion(ORIGIN, DESTINATION, NOW), relayKey.getPrivate(),
                relayCertificate);

        assertRefused(forged, NOW, OriginAssertionException.IDENTITY_MISMATCH);
    }

    @Test
    void relaySwappingThePayloadOfARealAssertionIsRefused() {
        SignedOriginAssertion real = fromOrigin();
        byte[] altered = new String(real.payload(), StandardCharsets.UTF_8)
                .replace(DESTINATION.toString(), RELAY.toString()).getBytes(StandardCharsets.UTF_8);

        assertRefused(new SignedOriginAssertion(altered, real.signature(), real.certificate()), NOW,
                OriginAssertionException.BAD_SIGNATURE);
    }

    @Test
    void anAssertionForAnotherDestinationIsRefused() {
        SignedOriginAssertion forRelay = OriginAssertions.sign(assertion(ORIGIN, RELAY, NOW), originKey.getPrivate(),
                originCertificate);

        assertRefused(forRelay, NOW, OriginAssertionException.WRONG_DESTINATION);
    }

    @Test
    void aReplayedAssertionIsRefusedEvenWithinTheWindow() {
        SignedOriginAssertion captured = fromOrigin();
        OriginAssertions.verify(wire(captured), trust, NOW, replays);

        assertRefused(captured, NOW.plusSeconds(5), OriginAssertionException.REPLAYED);
    }

    @Test
    void anOldAssertionIsRefusedAfterItsNonceWasForgotten() {
        SignedOriginAssertion captured = fromOrigin();
        OriginAssertions.verify(wire(captured), trust, NOW, replays);

        Instant later = NOW.plus(OriginAssertions.WINDOW).plusSeconds(5);
        assertRefused(captured, later, OriginAssertionException.STALE);
    }

    @Test
    void anAssertionFromTheFutureIsRefused() {
        SignedOriginAssertion early = OriginAssertions.sign(assertion(ORIGIN, DESTINATION, NOW.plusSeconds(120)),
                originKey.getPrivate(), originCertificate);

        assertRefused(early, NOW, OriginAssertionException.STALE);
    }

    @Test
    void aRevokedOriginIsRefused() {
        SignedOriginAssertion signed = fromOrigin();
        revoked.add(NodeUri.serialHex(originCertificate));

        assertRefused(signed, NOW, OriginAssertionException.REVOKED);
    }

    @Test
    void aCertificateOfAnotherCaIsRefused() throws Exception {
        KeyPair otherCaKey = Keys.generateP256();
        X509Certificate otherCa = TestCertificates.ca(otherCaKey, "cluster CA", NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(10)));
        X509Certificate impostor = node(otherCa, otherCaKey, originKey, ORIGIN);

        assertRefused(OriginAssertions.sign(assertion(ORIGIN, DESTINATION, NOW), originKey.getPrivate(), impostor), NOW,
                OriginAssertionException.UNTRUSTED_CERTIFICATE);
    }

    @Test
    void anAssertionForAnotherClusterIsRefused() {
        OriginAssertion foreign = OriginAssertions.create(new NodeUri(UUID.randomUUID(), ORIGIN), DESTINATION,
                "synthetic.echo", NOW);

        assertRefused(OriginAssertions.sign(foreign, originKey.getPrivate(), originCertificate), NOW,
                OriginAssertionException.FOREIGN_CLUSTER);
    }

    @Test
    void garbageIsMalformed() {
        assertThatThrownBy(() -> SignedOriginAssertion.fromBytes("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(OriginAssertionException.class,
                        e -> assertThat(e.code()).isEqualTo(OriginAssertionException.MALFORMED));
        assertThatThrownBy(() -> SignedOriginAssertion.fromBytes(new byte[]{1, 2, 3}))
                .isInstanceOf(OriginAssertionException.class);
    }

    @Test
    void aFullReplayCacheRefusesRatherThanForgets() {
        ReplayCache small = new ReplayCache(Duration.ofSeconds(60), 2);

        assertThat(small.firstUse("a", "n1", NOW, NOW)).isTrue();
        assertThat(small.firstUse("a", "n2", NOW, NOW)).isTrue();
        assertThat(small.firstUse("a", "n3", NOW, NOW)).isFalse();
        assertThat(small.firstUse("a", "n1", NOW, NOW.plusSeconds(30))).isFalse();
        assertThat(small.firstUse("a", "n3", NOW.plusSeconds(62), NOW.plusSeconds(62))).as("room again").isTrue();
    }

    @Test
    void nodeUriReadsTheCanonicalFormOnly() {
        assertThat(NodeUri.of(originCertificate)).contains(new NodeUri(CLUSTER, ORIGIN));
        assertThat(NodeUri.parse("urn:rap:cluster:" + CLUSTER + ":node:" + ORIGIN.toString().toUpperCase())).isEmpty();
        assertThat(NodeUri.parse("urn:rap:node:" + ORIGIN)).isEmpty();
    }
}
