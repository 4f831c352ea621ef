package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rap.fabric.domain.access.AccessDeniedException;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.audit.AuditExport;
import io.rap.fabric.domain.audit.AuditFilter;
import io.rap.fabric.domain.audit.AuditService;
import io.rap.fabric.domain.audit.AuditView;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.organization.NewOrganization;
import io.rap.fabric.domain.organization.OrganizationService;
import io.rap.fabric.domain.organization.OrganizationView;
import io.rap.fabric.domain.role.RoleCatalog;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.domain.shared.ValidationException;
import io.rap.fabric.domain.trust.AuthorityView;
import io.rap.fabric.domain.trust.CertificateFilter;
import io.rap.fabric.domain.trust.FleetCertificateView;
import io.rap.fabric.domain.trust.NodeCertificateService;
import io.rap.fabric.domain.trust.TrustOverviewService;
import io.rap.fabric.domain.workload.ClusterWorkloadService;
import io.rap.fabric.domain.workload.ClusterWorkloadView;
import io.rap.fabric.domain.workload.WorkloadFilter;
import io.rap.fabric.domain.workload.WorkloadService;
import io.rap.fabric.domain.workload.WorkloadView;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.Pem;
import io.rap.fabric.protocol.WorkloadState;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The domain behind the owner console's audit, trust and workload pages, inside the deployed
 * application: who may call each new method (the platform owner only: a cluster admin or an
 * organization admin with a grant for exactly that cluster or organization is refused, as is a
 * person without any), what the lists return for seeded data, and that the audit export is
 * recorded and bounded by its own event.
 */
@ExtendWith(ArquillianExtension.class)
class OwnerConsoleIT {

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.earWithTestWar(OwnerConsoleIT.class, TrustFixtures.class, OrgFixtures.class,
                OrgFixtures.Tenant.class, OrgFixtures.EnrolledNode.class);
    }

    @Inject ClusterService clusters;
    @Inject OrganizationService organizations;
    @Inject OrgFixtures fixtures;
    @Inject AuditService audit;
    @Inject AuditExport export;
    @Inject TrustOverviewService trust;
    @Inject NodeCertificateService certificates;
    @Inject ClusterWorkloadService clusterWorkloads;
    @Inject WorkloadService workloads;

    @Resource(lookup = "java:jboss/datasources/RapDS")
    DataSource dataSource;

    private final Caller owner = TrustFixtures.owner();

    // ---- authorization, per method -------------------------------------------------------------

    @Test
    void everyNewReadIsThePlatformOwnersOnlyEvenForAdminsOfThatClusterOrOrganization() throws Exception {
        ClusterView cluster = TrustFixtures.newCluster(clusters, "oc-auth");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Caller clusterAdmin = OrgFixtures.clusterAdmin("oc-ca-" + suffix);
        fixtures.grantCluster(clusterAdmin.username(), cluster.id());
        OrganizationView org = organizations.create(owner, new NewOrganization("Org oc " + suffix, "org-oc-" + suffix,
                cluster.id(), "owner console authorization"));
        Caller orgAdmin = OrgFixtures.orgAdmin("oc-oa-" + suffix);
        fixtures.grant(orgAdmin.username(), org.id());
        Caller nobody = new Caller("nobody-sub", "oc-nobody-" + suffix, Set.of(), Optional.of(Instant.now()));
        AuditFilter clusterFilter = AuditFilter.none().withCluster(cluster.id());
        PageRequest page = PageRequest.first(10);

        Map<String, Consumer<Caller>> methods = Map.of(
                "TrustOverviewService.authorities", c -> trust.authorities(c, cluster.id(), page),
                "TrustOverviewService.certificates", c -> trust.certificates(c, CertificateFilter.all()
                        .inCluster(cluster.id()), page),
                "ClusterWorkloadService.list", c -> clusterWorkloads.list(c, WorkloadFilter.of(cluster.id()), page),
                "AuditService.exportPage", c -> audit.exportPage(c, clusterFilter, Long.MAX_VALUE, 10),
                "AuditService.beginExport", c -> audit.beginExport(c, clusterFilter),
                "AuditExport.export", c -> {
                    try {
                        export.export(c, clusterFilter, rows -> { });
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        long exportsBefore = count("select count(*) from cluster_audit_events where event_type = ?",
                AuditService.EXPORTED_EVENT);
        for (var method : methods.entrySet()) {
            for (Caller refused : List.of(clusterAdmin, orgAdmin, nobody)) {
                assertThatThrownBy(() -> method.getValue().accept(refused)).as(method.getKey() + " by "
                        + refused.username()).isInstanceOf(AccessDeniedException.class);
            }
        }
        // a refused export leaves no trace of an export that did not happen
        assertThat(count("select count(*) from cluster_audit_events where event_type = ?",
                AuditService.EXPORTED_EVENT)).isEqualTo(exportsBefore);
        for (var method : methods.entrySet()) {
            method.getValue().accept(owner); // the owner may, without a fresh step-up even: these only read
        }
        assertThat(count("select count(*) from cluster_audit_events where event_type = ?",
                AuditService.EXPORTED_EVENT)).isEqualTo(exportsBefore + 2);
    }

    // ---- audit: filters and export -------------------------------------------------------------

    @Test
    void theExportIsRecordedWithItsFilterAndHoldsExactlyTheFilteredEventsUpToItself() throws Exception {
        ClusterView cluster = TrustFixtures.newCluster(clusters, "oc-exp");
        OrgFixtures.EnrolledNode node = fixtures.enrollHealthyNode(cluster, "oc-exp-node");
        AuditFilter filter = AuditFilter.none().withCluster(cluster.id());
        List<AuditView> listed = audit.list(owner, filter, PageRequest.first(200)).items();
        assertThat(listed).extracting(AuditView::eventType)
                .contains("cluster.created", "trust.ca_created", "node.certificate_issued");

        List<AuditView> exported = new ArrayList<>();
        long count = export.export(owner, filter, exported::addAll);

        assertThat(count).isEqualTo(listed.size());
        assertThat(exported).extracting(AuditView::sequenceNo)
                .containsExactlyElementsOf(listed.stream().map(AuditView::sequenceNo).toList());
        AuditView recorded = audit.list(owner, AuditFilter.none().withEventType(AuditService.EXPORTED_EVENT)
                .withActor(owner.username()), PageRequest.first(1)).items().get(0);
        assertThat(recorded.details()).containsEntry("filterCluster", cluster.id().toString())
                .doesNotContainKey("filterNode");
        assertThat(recorded.sequenceNo()).isGreaterThan(listed.get(0).sequenceNo());

        // the export ends at its own event: what is recorded while the file streams stays out of it
        AuditFilter nodeFilter = AuditFilter.none().withNode(node.nodeId());
        long bound = audit.beginExport(owner, nodeFilter);
        fixtures.heartbeat(node.nodeId(), cluster.id(), node.key(), "degraded"); // audited as a health change
        AuditView degraded = audit.list(owner, nodeFilter.withEventType("node.health_changed"), PageRequest.first(1))
                .items().get(0);
        assertThat(degraded.details()).containsEntry("to", "degraded");
        assertThat(degraded.sequenceNo()).isGreaterThan(bound);
        List<AuditView> bounded = audit.exportPage(owner, nodeFilter, bound + 1, AuditExport.PAGE_SIZE);
        assertThat(bounded).isNotEmpty().extracting(AuditView::sequenceNo).allMatch(n -> n < bound)
                .doesNotContain(degraded.sequenceNo());

        // keyset pages: two at a time, newest first, nothing twice and nothing left out
        List<Long> paged = new ArrayList<>();
        long before = Long.MAX_VALUE;
        List<AuditView> slice;
        while (!(slice = audit.exportPage(owner, filter, before, 2)).isEmpty()) {
            slice.forEach(e -> paged.add(e.sequenceNo()));
            before = slice.get(slice.size() - 1).sequenceNo();
        }
        assertThat(paged).containsExactlyElementsOf(audit.list(owner, filter, PageRequest.first(200)).items()
                .stream().map(AuditView::sequenceNo).toList());
    }

    @Test
    void theTimeRangeFilterIsHalfOpenAndAnEmptyRangeIsRefused() {
        ClusterView cluster = TrustFixtures.newCluster(clusters, "oc-time");
        AuditView created = audit.list(owner, AuditFilter.none().withCluster(cluster.id())
                .withEventType("cluster.created"), PageRequest.first(1)).items().get(0);
        Instant at = created.occurredAt();
        AuditFilter typed = AuditFilter.none().withCluster(cluster.id()).withEventType("cluster.created");
        assertThat(audit.list(owner, typed.withTime(at, at.plusMillis(1)), PageRequest.first(5)).total()).isEqualTo(1);
        assertThat(audit.list(owner, typed.withTime(at.minusSeconds(60), at), PageRequest.first(5)).total()).isZero();
        assertThat(audit.list(owner, typed.withActor("someone-else"), PageRequest.first(5)).total()).isZero();
        assertThatThrownBy(() -> audit.list(owner, typed.withTime(at, at), PageRequest.first(5)))
                .isInstanceOf(ValidationException.class);
        long exportsBefore = audit.list(owner, AuditFilter.none().withEventType(AuditService.EXPORTED_EVENT),
                PageRequest.first(1)).total();
        assertThatThrownBy(() -> export.export(owner, typed.withTime(at, at.minusSeconds(1)), rows -> { }))
                .isInstanceOf(ValidationException.class);
        assertThat(audit.list(owner, AuditFilter.none().withEventType(AuditService.EXPORTED_EVENT),
                PageRequest.first(1)).total()).isEqualTo(exportsBefore);
    }

    // ---- trust ---------------------------------------------------------------------------------

    @Test
    void theTrustPageShowsEachCaAndFiltersCertificatesByStateAndExpiry() throws Exception {
        ClusterView cluster = TrustFixtures.newCluster(clusters, "oc-trust");
        OrgFixtures.EnrolledNode alpha = fixtures.enrollHealthyNode(cluster, "oc-alpha");
        OrgFixtures.EnrolledNode beta = fixtures.enrollHealthyNode(cluster, "oc-beta");

        AuthorityView ca = trust.authorities(owner, cluster.id(), PageRequest.first(5)).items().get(0);
        assertThat(trust.authorities(owner, cluster.id(), PageRequest.first(5)).total()).isEqualTo(1);
        assertThat(trust.authorities(owner, null, PageRequest.first(5)).total()).isGreaterThanOrEqualTo(1);
        String pem = string("select certificate_pem from cluster_certificate_authorities where cluster_id = ?",
                cluster.id());
        assertThat(ca.fingerprintSha256()).isEqualTo(Keys.fingerprintSha256Hex(Pem.parseCertificate(pem).getEncoded()));
        assertThat(ca.keyAlgorithm()).isEqualTo("EC P-256 / SHA256withECDSA");
        assertThat(ca.clusterName()).isEqualTo(cluster.name());
        assertThat(ca.authorityState()).isEqualTo("healthy");
        assertThat(ca.status()).isEqualTo("active");
        assertThat(ca.kekId()).isNotBlank();
        assertThat(ca.subject()).contains(cluster.slug());

        CertificateFilter inCluster = CertificateFilter.all().inCluster(cluster.id());
        List<FleetCertificateView> all = certs(inCluster);
        assertThat(all).extracting(FleetCertificateView::nodeName).containsExactlyInAnyOrder("oc-alpha", "oc-beta");
        assertThat(all).allSatisfy(c -> assertThat(c.certificate().status()).isEqualTo("active"));
        // 30-day certificates: not within a week, within a month
        assertThat(certs(inCluster.showing(CertificateFilter.EXPIRING))).isEmpty();
        assertThat(certs(inCluster.showing(CertificateFilter.EXPIRING).expiringWithin(Duration.ofDays(31))))
                .hasSize(2);
        // sorted in SQL by the whitelisted field
        assertThat(certs(new CertificateFilter(cluster.id(), null, null, "node", false)))
                .extracting(FleetCertificateView::nodeName).containsExactly("oc-beta", "oc-alpha");

        String serial = all.stream().filter(c -> c.nodeName().equals("oc-alpha")).findFirst().orElseThrow()
                .certificate().serial();
        certificates.revokeCertificate(owner, cluster.id(), serial, "owner console test");

        assertThat(certs(inCluster.showing("revoked"))).singleElement().satisfies(c -> {
            assertThat(c.certificate().serial()).isEqualTo(serial);
            assertThat(c.certificate().revocationReason()).isEqualTo("owner console test");
            assertThat(c.certificate().revocable()).isFalse();
        });
        assertThat(certs(inCluster.showing("active"))).extracting(FleetCertificateView::nodeName)
                .containsExactly("oc-beta");
        assertThat(certs(inCluster.showing(CertificateFilter.EXPIRING).expiringWithin(Duration.ofDays(31))))
                .extracting(FleetCertificateView::nodeName).containsExactly("oc-beta");
        assertThat(certs(inCluster.showing("expired"))).isEmpty();
        assertThat(audit.list(owner, AuditFilter.none().withCluster(cluster.id()).withEventType("certificate.revoked"),
                PageRequest.first(5)).items()).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("serial", serial));
        assertThat(beta.nodeId()).isNotEqualTo(alpha.nodeId());
    }

    // ---- workloads -----------------------------------------------------------------------------

    @Test
    void theWorkloadPageShowsDesiredAgainstReportedAndFiltersByStateAndType() throws Exception {
        ClusterView cluster = TrustFixtures.newCluster(clusters, "oc-wl");
        OrgFixtures.EnrolledNode running = fixtures.enrollHealthyNode(cluster, "oc-wl-a");
        OrgFixtures.EnrolledNode silent = fixtures.enrollHealthyNode(cluster, "oc-wl-b");
        WorkloadView echo = workloads.setWorkload(owner, cluster.id(), running.nodeId(), "echo",
                RoleCatalog.SYNTHETIC_ECHO, Map.of());
        workloads.setWorkload(owner, cluster.id(), silent.nodeId(), "desk", "remote-access", Map.of());
        heartbeat(running, cluster, List.of(new WorkloadState("echo", RoleCatalog.SYNTHETIC_ECHO, "running", null)));

        WorkloadFilter all = WorkloadFilter.of(cluster.id());
        List<ClusterWorkloadView> rows = rows(all);
        assertThat(rows).extracting(r -> r.workload().nodeName() + "/" + r.workload().name())
                .containsExactly("oc-wl-a/echo", "oc-wl-b/desk");
        ClusterWorkloadView first = rows.get(0);
        assertThat(first.workload().reportedState()).isEqualTo("running");
        assertThat(first.workload().desired()).isEqualTo("enabled");
        assertThat(first.workload().authorizedBy()).isNull(); // no role assigned: desired, but not delivered
        assertThat(first.nodeHealth()).isEqualTo("healthy");
        assertThat(first.lastHeartbeatAt()).isNotNull();

        assertThat(rows(all.withReportedState("running"))).extracting(r -> r.workload().name()).containsExactly("echo");
        assertThat(rows(all.withReportedState(WorkloadFilter.UNREPORTED))).extracting(r -> r.workload().name())
                .containsExactly("desk");
        assertThat(rows(all.withReportedState("failed"))).isEmpty();
        assertThat(rows(all.withType("remote-access"))).extracting(r -> r.workload().name()).containsExactly("desk");
        assertThat(rows(new WorkloadFilter(cluster.id(), null, null, null, "name", true)))
                .extracting(r -> r.workload().name()).containsExactly("desk", "echo");
        // another cluster's workloads never show
        ClusterView other = TrustFixtures.newCluster(clusters, "oc-wl-other");
        assertThat(rows(WorkloadFilter.of(other.id()))).isEmpty();

        // the page's disable is WorkloadService.disable: audited, and the list shows it
        workloads.disable(owner, cluster.id(), echo.id());
        assertThat(rows(new WorkloadFilter(cluster.id(), null, null, "disabled", null, true)))
                .extracting(r -> r.workload().name()).containsExactly("echo");
        assertThat(audit.list(owner, AuditFilter.none().withCluster(cluster.id()).withEventType("workload.disabled"),
                PageRequest.first(5)).items()).singleElement()
                .satisfies(e -> assertThat(e.targetId()).isEqualTo(echo.id().toString()));
    }

    // ---- helpers -------------------------------------------------------------------------------

    private List<FleetCertificateView> certs(CertificateFilter filter) {
        return trust.certificates(owner, filter, PageRequest.first(50)).items();
    }

    private List<ClusterWorkloadView> rows(WorkloadFilter filter) {
        return clusterWorkloads.list(owner, filter, PageRequest.first(50)).items();
    }

    private void heartbeat(OrgFixtures.EnrolledNode node, ClusterView cluster, List<WorkloadState> states) {
        var array = Json.createArrayBuilder();
        states.forEach(s -> array.add(s.toJson()));
        fixtures.heartbeat(node.nodeId(), cluster.id(), node.key(), "healthy", array.build().toString());
    }

    private long count(String sql, Object parameter) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private String string(String sql, Object parameter) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
