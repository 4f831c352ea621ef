package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.cluster.NewCluster;
import io.rap.fabric.domain.enrollment.IssuedJoinToken;
import io.rap.fabric.domain.enrollment.JoinTokenService;
import io.rap.fabric.domain.enrollment.NewJoinToken;
import io.rap.fabric.protocol.Csr;
import io.rap.fabric.protocol.EnrollmentRequest;
import io.rap.fabric.protocol.HostFacts;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.Pem;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile enrollments over real HTTP, sent from inside the server (so the test can issue real
 * tokens and read the database): malformed CSRs and bursts are refused with a clear 4xx and
 * leave no row behind.
 */
@ExtendWith(ArquillianExtension.class)
class EnrollmentAbuseIT {

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.earWithTestWar(EnrollmentAbuseIT.class, TrustFixtures.class);
    }

    @Inject
    ClusterService clusters;

    @Inject
    JoinTokenService tokens;

    @Resource(lookup = "java:jboss/datasources/RapDS")
    DataSource dataSource;

    private final Caller owner = TrustFixtures.owner();

    private record Reply(int status, String contentType, String retryAfter, String body) {
        JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }
    }

    /** This server's own HTTP listener (the test stack runs WildFly with a port offset). */
    private static URI enrollments() {
        int port = 8080 + Integer.getInteger("jboss.socket.binding.port-offset", 0);
        return URI.create("http://127.0.0.1:" + port + "/node-api/v1/enrollments");
    }

    private static Reply post(byte[] body) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) enrollments().toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(30_000);
        connection.setRequestProperty("Content-Type", "application/json");
        connection.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body);
        } catch (java.io.IOException e) {
            // the server may answer an oversized body before reading all of it
        }
        int status = connection.getResponseCode();
        InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
        String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return new Reply(status, connection.getContentType(), connection.getHeaderField("Retry-After"), text);
    }

    private static byte[] enrollment(String token, String csrPem, String name) {
        HostFacts facts = new HostFacts("abuse-host", "Linux", "6.1", "amd64", 2, 1 << 30, List.of("192.0.2.1"),
                "0".repeat(64));
        return new EnrollmentRequest(token, csrPem, name, facts, List.of(), List.of(), "it").toJson().toString()
                .getBytes(StandardCharsets.UTF_8);
    }

    private ClusterView newCluster() {
        String slug = "ab-" + UUID.randomUUID().toString().substring(0, 8);
        return clusters.create(owner, new NewCluster("Cluster " + slug, slug, null, null));
    }

    private long count(String sql, UUID parameter) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String problemType(Reply reply) {
        assertThat(reply.contentType()).startsWith("application/problem+json");
        return reply.json().getString("type");
    }

    @Test
    void malformedCsrsAreRefusedAndWriteNothing() throws Exception {
        ClusterView cluster = newCluster();
        IssuedJoinToken token = tokens.issue(owner, new NewJoinToken(cluster.id(), null, Duration.ofMinutes(10), 10, null));

        Reply badPem = post(enrollment(token.rawToken(),
                "-----BEGIN CERTIFICATE REQUEST-----\n!!not base64!!\n-----END CERTIFICATE REQUEST-----\n", "bad-pem"));
        assertThat(badPem.status()).as(badPem.body()).isEqualTo(400);
        assertThat(problemType(badPem)).isEqualTo("urn:rap:problem:invalid_input");

        byte[] der = Pem.decodeCsr(Csr.create(Keys.generateP256(), "bad-signature"));
        der[der.length - 1] ^= 0x01; // last byte of the ECDSA signature's s value
        Reply badSignature = post(enrollment(token.rawToken(), Pem.encodeCsr(der), "bad-signature"));
        assertThat(badSignature.status()).as(badSignature.body()).isEqualTo(400);
        assertThat(badSignature.json().getString("detail")).contains("CSR");

        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair rsaKey = rsa.generateKeyPair();
        byte[] rsaCsr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=rsa-node"), rsaKey.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(rsaKey.getPrivate())).getEncoded();
        Reply rsaReply = post(enrollment(token.rawToken(), Pem.encodeCsr(rsaCsr), "rsa-node"));
        assertThat(rsaReply.status()).as(rsaReply.body()).isEqualTo(400);
        assertThat(problemType(rsaReply)).isEqualTo("urn:rap:problem:invalid_input");

        // built by hand: the protocol's own writer refuses a CSR this large
        String hugeCsr = "-----BEGIN CERTIFICATE REQUEST-----\n" + "A".repeat(70 * 1024) + "\n-----END CERTIFICATE REQUEST-----\n";
        JsonObject valid = Json.createReader(new ByteArrayInputStream(enrollment(token.rawToken(),
                Csr.create(Keys.generateP256(), "huge"), "huge"))).readObject();
        Reply oversized = post(Json.createObjectBuilder(valid).add("csrPem", hugeCsr).build().toString()
                .getBytes(StandardCharsets.UTF_8));
        assertThat(oversized.status()).isEqualTo(413);
        assertThat(problemType(oversized)).isEqualTo("urn:rap:problem:body_too_large");

        assertThat(count("select count(*) from node_join_requests where cluster_id = ?", cluster.id())).isZero();
        assertThat(count("select used_count from node_join_tokens where id = ?", token.id())).isZero();
    }

    @Test
    void theEleventhAttemptWithOneTokenWithinAMinuteGets429AndWritesNothing() throws Exception {
        ClusterView cluster = newCluster();
        IssuedJoinToken token = tokens.issue(owner, new NewJoinToken(cluster.id(), null, Duration.ofMinutes(10), 20, null));
        for (int i = 0; i < 10; i++) {
            Reply accepted = post(enrollment(token.rawToken(), Csr.create(Keys.generateP256(), "burst-" + i), "burst-" + i));
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        }
        Reply limited = post(enrollment(token.rawToken(), Csr.create(Keys.generateP256(), "burst-10"), "burst-10"));
        assertThat(limited.status()).as(limited.body()).isEqualTo(429);
        assertThat(problemType(limited)).isEqualTo("urn:rap:problem:rate_limited");
        assertThat(Long.parseLong(limited.retryAfter())).isBetween(1L, 60L);

        assertThat(count("select count(*) from node_join_requests where cluster_id = ?", cluster.id())).isEqualTo(10);
        assertThat(count("select used_count from node_join_tokens where id = ?", token.id())).isEqualTo(10);
    }
}
