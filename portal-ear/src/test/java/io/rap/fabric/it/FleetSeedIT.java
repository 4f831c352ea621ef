package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rap.fabric.devstack.fleet.FleetSeeder;
import io.rap.fabric.devstack.fleet.FleetSpec;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.audit.AuditService;
import io.rap.fabric.domain.audit.ChainStatus;
import io.rap.fabric.domain.enrollment.EnrollmentService;
import io.rap.fabric.domain.infrastructure.config.RapConfig;
import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.node.NodeSummary;
import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.PageRequest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.Properties;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code ./rap-dev seed-fleet}'s seeder (dev-stack) against the real application (in the container): a small
 * fleet written straight into the test stack's PostgreSQL next to what the other tests left there, then read
 * back through the domain as the owner console reads it: the audit chain still verifies, the owner's node list
 * pages the seeded nodes, the join-request list shows the pending ones; a second run with the same prefix is
 * refused and changes nothing.
 */
@ExtendWith(ArquillianExtension.class)
class FleetSeedIT {

    @Inject
    RapConfig config;

    @Inject
    AuditService audit;

    @Inject
    NodeService nodes;

    @Inject
    EnrollmentService enrollments;

    @Deployment
    static EnterpriseArchive application() {
        return Deployments.earWithTestWar(war -> war
                        .addPackage(FleetSeeder.class.getPackage())
                        // The seeder speaks COPY through the driver's own API: see WildFly's driver module.
                        .setManifest(new StringAsset("Manifest-Version: 1.0\nDependencies: org.postgresql\n")),
                FleetSeedIT.class, TrustFixtures.class);
    }

    @Test
    void seedsAFleetTheOwnerConsoleReadsAndKeepsTheAuditChainIntact() throws Exception {
        Caller owner = TrustFixtures.owner();
        String prefix = "it" + Long.toString(System.nanoTime() % 1_000_000L, 36);
        FleetSpec spec = new FleetSpec(prefix, 2, 50, 3, 5, 15, 2, owner.username(), 7L);
        byte[] kek = Base64.getDecoder().decode(config.require("RAP_CA_KEK"));

        FleetSeeder.Summary summary;
        try (Connection c = connect()) {
            summary = FleetSeeder.seed(c, spec, kek, Instant.now(), System.out);

            assertThat(summary.nodes()).isEqualTo(50);
            assertThat(count(c, "select count(*) from clusters where slug like ?", prefix + "-%")).isEqualTo(2);
            assertThat(count(c, "select count(*) from cluster_memberships m join clusters k on k.id = m.cluster_id"
                    + " where k.slug like ?", prefix + "-%")).isEqualTo(summary.memberships());
            assertThat(count(c, "select count(*) from cluster_audit_events where sequence_no between "
                    + summary.firstAuditSequence() + " and " + summary.lastAuditSequence() + " and ? <> ''", "x"))
                    .isEqualTo(summary.auditEvents()).isGreaterThan(50 * 3);
        }

        // The hash chain of the whole log (the other tests' events and the seeded ones) verifies in the domain.
        ChainStatus chain = audit.verifyChain(owner);
        assertThat(chain.intact()).as("chain broken at %s", chain.firstBrokenSequence()).isTrue();
        assertThat(chain.checkedEvents()).isGreaterThanOrEqualTo(summary.lastAuditSequence());

        // The owner console's node list pages the seeded nodes of each cluster.
        try (Connection c = connect()) {
            for (int i = 1; i <= 2; i++) {
                UUID clusterId = clusterId(c, String.format("%s-%02d", prefix, i));
                long members = count(c, "select count(*) from cluster_memberships where cluster_id = ?::uuid",
                        clusterId.toString());
                Page<NodeSummary> page = nodes.list(owner, clusterId, PageRequest.first(10));
                assertThat(page.total()).isEqualTo(members).isPositive();
                // The join-request list shows the cluster's seeded pending requests.
                assertThat(enrollments.list(owner, clusterId, "pending", PageRequest.first(10)).total()).isEqualTo(2);
                assertThat(page.items()).isNotEmpty().allSatisfy(n -> {
                    assertThat(n.clusterId()).isEqualTo(clusterId);
                    assertThat(n.name()).contains("-");
                    assertThat(n.health()).isIn("healthy", "degraded", "unhealthy", "silent", "unknown");
                });
            }
        }

        // A second run is refused and writes nothing.
        try (Connection c = connect()) {
            long nodesBefore = count(c, "select count(*) from nodes where ? <> ''", "x");
            assertThatThrownBy(() -> FleetSeeder.seed(c, spec, kek, Instant.now(), System.out))
                    .isInstanceOf(FleetSeeder.AlreadySeededException.class);
            assertThat(count(c, "select count(*) from nodes where ? <> ''", "x")).isEqualTo(nodesBefore);
        }
        assertThat(audit.verifyChain(owner).intact()).isTrue();
    }

    private Connection connect() throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", config.require("RAP_DB_USER"));
        login.setProperty("password", config.require("RAP_DB_PASSWORD"));
        return new org.postgresql.Driver().connect(config.require("RAP_DB_URL"), login);
    }

    private static UUID clusterId(Connection c, String slug) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("select id from clusters where slug = ?")) {
            q.setString(1, slug);
            try (ResultSet r = q.executeQuery()) {
                assertThat(r.next()).as("cluster %s", slug).isTrue();
                return r.getObject(1, UUID.class);
            }
        }
    }

    private static long count(Connection c, String sql, String parameter) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, parameter);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
