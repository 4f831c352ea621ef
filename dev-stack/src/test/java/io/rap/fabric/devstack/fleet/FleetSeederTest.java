package io.rap.fabric.devstack.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rap.fabric.devstack.postgres.EmbeddedDatabase;
import io.rap.fabric.domain.audit.ActorKind;
import io.rap.fabric.domain.audit.AuditChain;
import io.rap.fabric.domain.audit.AuditEntry;
import io.rap.fabric.domain.infrastructure.crypto.KeyEncryption;
import io.rap.fabric.domain.infrastructure.jpa.JsonText;
import io.rap.fabric.protocol.Pem;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeder against a real PostgreSQL with the real migrations: counts, referential integrity (the
 * foreign keys and checks of the schema), real certificates under the seeded CA, the CA key wrapped
 * under the KEK, the audit chain continuing an existing one, and the refusal of a second run.
 * (The in-container check with {@code AuditService.verifyChain} and the owner's node list is
 * portal-ear's {@code FleetSeedIT}.)
 */
class FleetSeederTest {

    private static final byte[] KEK = new byte[32];

    @TempDir
    static Path dir;

    private static EmbeddedDatabase db;

    @BeforeAll
    static void startDatabase() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        db = EmbeddedDatabase.start(dir.resolve("pgdata"), port, "rap", "rap", "pw", true, dir.resolve("pg.log"));
        Flyway.configure().dataSource(db.settings().jdbcUrl(), "rap", "pw").locations("classpath:db/migration")
                .load().migrate();
        Arrays.fill(KEK, (byte) 7);
    }

    @AfterAll
    static void stopDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void seedsAConsistentFleetAndRefusesASecondRun() throws Exception {
        try (Connection c = connect()) {
            // An application event first: the seeded rows must continue its chain.
            appendOneEvent(c);
            FleetSpec spec = new FleetSpec("t", 3, 60, 5, 10, 15, 2, "owner", 42L);
            FleetSeeder.Summary summary = FleetSeeder.seed(c, spec, KEK, Instant.now(), System.out);

            assertThat(count(c, "select count(*) from clusters where slug like 't-%'")).isEqualTo(3);
            assertThat(count(c, "select count(*) from nodes")).isEqualTo(60).isEqualTo(summary.nodes());
            assertThat(count(c, "select count(*) from cluster_memberships")).isEqualTo(summary.memberships())
                    .isGreaterThanOrEqualTo(60);
            assertThat(count(c, "select count(*) from node_identities")).isEqualTo(summary.memberships());
            assertThat(count(c, "select count(*) from node_heartbeats")).isEqualTo(summary.heartbeats()).isPositive();
            assertThat(count(c, "select count(*) from node_join_requests where status = 'pending'")).isEqualTo(6);
            assertThat(count(c, "select count(*) from cluster_certificate_authorities")).isEqualTo(3);
            assertThat(count(c, "select count(distinct cluster_id) from cluster_memberships")).isEqualTo(3);
            assertThat(count(c, "select count(*) from cluster_audit_events")).isEqualTo(summary.auditEvents() + 1);
            assertThat(summary.firstAuditSequence()).isEqualTo(2);
            assertThat(count(c, "select count(*) from node_role_assignments")).isPositive();
            assertThat(count(c, "select count(*) from node_service_instances")).isPositive();

            assertChainIntact(c);
            assertCertificatesChainToTheirCa(c);

            assertThatThrownBy(() -> FleetSeeder.seed(c, spec, KEK, Instant.now(), System.out))
                    .isInstanceOf(FleetSeeder.AlreadySeededException.class).hasMessageContaining("'t'");
            assertThat(count(c, "select count(*) from nodes")).isEqualTo(60);
        }
    }

    private static void appendOneEvent(Connection c) throws SQLException {
        AuditEntry entry = new AuditEntry("cluster.created", "someone", ActorKind.PERSON, null, null, null, null, null,
                java.util.Map.of("name", "x"));
        AuditChain.Link link = new AuditChain(0, AuditChain.GENESIS_HASH).append(entry, Instant.now());
        try (var insert = c.prepareStatement("insert into cluster_audit_events (id, sequence_no, occurred_at, actor,"
                + " actor_kind, event_type, details, previous_hash, event_hash) values (?, ?, ?, ?, ?, ?,"
                + " cast(? as jsonb), ?, ?)"); Statement s = c.createStatement()) {
            insert.setObject(1, UUID.randomUUID());
            insert.setLong(2, link.sequenceNo());
            insert.setObject(3, java.sql.Timestamp.from(link.occurredAt()));
            insert.setString(4, entry.actor());
            insert.setString(5, link.actorKind());
            insert.setString(6, entry.eventType());
            insert.setString(7, link.details());
            insert.setString(8, link.previousHash());
            insert.setString(9, link.eventHash());
            insert.executeUpdate();
            s.executeUpdate("update audit_chain_head set last_sequence_no = 1, last_hash = '" + link.eventHash() + "'");
        }
    }

    /** What AuditService.verifyChain does, over JDBC: recompute every hash from the stored row, in order. */
    private static void assertChainIntact(Connection c) throws SQLException {
        AuditChain chain = new AuditChain(0, AuditChain.GENESIS_HASH);
        long rows = 0;
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select sequence_no, occurred_at, actor,"
                + " actor_kind, event_type, cluster_id, node_id, organization_id, target_type, target_id,"
                + " details::text, previous_hash, event_hash from cluster_audit_events order by sequence_no")) {
            while (r.next()) {
                ActorKind kind = ActorKind.valueOf(r.getString(4).toUpperCase(java.util.Locale.ROOT));
                AuditEntry entry = new AuditEntry(r.getString(5), r.getString(3), kind, r.getObject(6, UUID.class),
                        r.getObject(7, UUID.class), r.getObject(8, UUID.class), r.getString(9), r.getString(10),
                        JsonText.toMap(r.getString(11)));
                AuditChain.Link link = chain.append(entry, r.getTimestamp(2).toInstant());
                assertThat(link.sequenceNo()).isEqualTo(r.getLong(1));
                assertThat(link.previousHash()).isEqualTo(r.getString(12));
                assertThat(link.eventHash()).as("hash of row %d", link.sequenceNo()).isEqualTo(r.getString(13));
                rows++;
            }
        }
        assertThat(rows).isGreaterThan(60 * 3);
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "select last_sequence_no, last_hash from audit_chain_head")) {
            r.next();
            assertThat(r.getLong(1)).isEqualTo(chain.lastSequenceNo());
            assertThat(r.getString(2)).isEqualTo(chain.lastHash());
        }
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "select count(*) from cluster_audit_events where occurred_at > now()")) {
            r.next();
            assertThat(r.getLong(1)).as("events in the future").isZero();
        }
    }

    private static void assertCertificatesChainToTheirCa(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select a.certificate_pem,"
                + " a.encrypted_private_key, a.cluster_id, i.certificate_pem, i.certificate_serial,"
                + " i.certificate_not_after from node_identities i join cluster_certificate_authorities a"
                + " on a.cluster_id = i.cluster_id")) {
            int checked = 0;
            while (r.next()) {
                X509Certificate ca = Pem.parseCertificate(r.getString(1));
                X509Certificate node = Pem.parseCertificate(r.getString(4));
                node.verify(ca.getPublicKey());
                assertThat(node.getSerialNumber().toString(16)).isEqualTo(r.getString(5));
                assertThat(node.getNotAfter().toInstant())
                        .isEqualTo(r.getTimestamp(6).toInstant().truncatedTo(ChronoUnit.SECONDS));
                if (checked == 0) {
                    // The CA key is stored wrapped under the KEK, as the application stores it.
                    byte[] pkcs8 = new KeyEncryption(KEK).unwrap(r.getBytes(2), r.getObject(3, UUID.class));
                    assertThat(pkcs8).isNotEmpty();
                }
                checked++;
            }
            assertThat(checked).isGreaterThanOrEqualTo(60);
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(db.settings().jdbcUrl(), "rap", "pw");
    }
}
