package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rap.fabric.domain.access.AccessDeniedException;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.NewCluster;
import io.rap.fabric.domain.fleet.AlertFilter;
import io.rap.fabric.domain.fleet.ClusterComparison;
import io.rap.fabric.domain.fleet.CoverageGap;
import io.rap.fabric.domain.fleet.FleetAlert;
import io.rap.fabric.domain.fleet.FleetHealth;
import io.rap.fabric.domain.fleet.FleetOverview;
import io.rap.fabric.domain.fleet.HeartbeatHour;
import io.rap.fabric.domain.node.NodeFilter;
import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.node.NodeSummary;
import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.domain.shared.ValidationException;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The owner's fleet read model against a seeded small fleet ({@link FleetFixtures}): every metric
 * and every alert kind exactly, the node list's drill-down filters, and that only the platform
 * owner may read any of it. Fleet-wide numbers include other tests' data, so exact assertions use
 * the cluster scope, and the fleet-wide ones check that the seeded cluster is part of them.
 */
@ExtendWith(ArquillianExtension.class)
class FleetHealthIT {

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.earWithTestWar(FleetHealthIT.class, TrustFixtures.class, FleetFixtures.class,
                FleetFixtures.Node.class, FleetFixtures.Fleet.class, OrgFixtures.class, OrgFixtures.Tenant.class,
                OrgFixtures.EnrolledNode.class);
    }

    @Inject
    FleetHealth fleet;

    @Inject
    NodeService nodes;

    @Inject
    ClusterService clusters;

    @Resource(lookup = "java:jboss/datasources/RapDS")
    DataSource dataSource;

    @Inject
    FleetFixtures fixtures;

    @Inject
    OrgFixtures orgFixtures;

    private final Caller owner = TrustFixtures.owner();

    @Test
    void overviewCountsEveryMetricOfOneClusterExactly() throws Exception {
        FleetFixtures.Fleet f = fixtures.build("fh");

        FleetOverview a = fleet.overview(owner, f.a().id());
        assertThat(a.clusters()).isEqualTo(1);
        assertThat(a.activeNodes()).isEqualTo(3);
        assertThat(a.health()).containsExactlyInAnyOrderEntriesOf(Map.of("healthy", 1L, "degraded", 1L,
                "unhealthy", 0L, "silent", 1L, "unknown", 0L));
        assertThat(a.pendingJoinRequests()).isEqualTo(1);
        assertThat(a.workloads()).containsExactlyInAnyOrderEntriesOf(Map.of("failed", 1L, "running", 1L));
        assertThat(a.coverageGaps()).containsExactly(new CoverageGap(f.a().id(), f.a().name(), "core-mesh", 1,
                f.a1LastHeartbeat()));
        assertThat(a.risks()).isEqualTo(new FleetOverview.Risks(1, 1, 0, 1, 1));

        FleetOverview b = fleet.overview(owner, f.b().id());
        assertThat(b.activeNodes()).isEqualTo(1);
        assertThat(b.health()).containsEntry("healthy", 1L).containsEntry("silent", 0L);
        assertThat(b.pendingJoinRequests()).isZero();
        assertThat(b.coverageGaps()).isEmpty();
        assertThat(b.risks()).isEqualTo(new FleetOverview.Risks(0, 0, 1, 0, 0));

        FleetOverview all = fleet.overview(owner, null);
        assertThat(all.clusters()).isGreaterThanOrEqualTo(2);
        assertThat(all.activeNodes()).isGreaterThanOrEqualTo(4);
        assertThat(all.risks().clustersNotHealthy()).isGreaterThanOrEqualTo(1);
        assertThat(all.coverageGaps()).contains(a.coverageGaps().get(0));
    }

    @Test
    void theSharedOverviewLastsUntilAnAuditedChangeOrItsMaximumAge() throws Exception {
        FleetFixtures.Fleet f = fixtures.build("fs");
        FleetOverview first = fleet.currentOverview(owner);
        assertThat(fleet.currentOverview(owner)).isSameAs(first);

        // a change without an audit event (a node reporting its workload failed, as heartbeats do)
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement("update node_service_instances set reported_state = 'failed'"
                     + " where cluster_id = ? and reported_state = 'running'")) {
            update.setObject(1, f.a().id());
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        long failed = first.workloads().getOrDefault("failed", 0L);
        assertThat(fleet.overview(owner, null).workloads()).containsEntry("failed", failed + 1);
        FleetOverview unaudited = fleet.currentOverview(owner);
        if (Duration.between(first.computedAt(), Instant.now()).compareTo(FleetHealth.OVERVIEW_MAX_AGE) < 0) {
            assertThat(unaudited).as("shared within its maximum age").isSameAs(first);
        }

        // an audited change (the owner creates a cluster) is seen by the next request at once
        clusters.create(owner, new NewCluster("Shared overview", "fs-" + UUID.randomUUID().toString().substring(0, 8),
                null, null));
        FleetOverview afterChange = fleet.currentOverview(owner);
        assertThat(afterChange).isNotSameAs(first);
        assertThat(afterChange.clusters()).isEqualTo(first.clusters() + 1);
        assertThat(afterChange.workloads()).containsEntry("failed", failed + 1);
        assertThat(fleet.currentOverview(owner)).isSameAs(afterChange);

        // and past its maximum age it is computed again even when nothing was audited
        Thread.sleep(FleetHealth.OVERVIEW_MAX_AGE.toMillis() + 200);
        FleetOverview aged = fleet.currentOverview(owner);
        assertThat(aged).isNotSameAs(afterChange);
        assertThat(aged.computedAt()).isAfter(afterChange.computedAt().plus(FleetHealth.OVERVIEW_MAX_AGE));
    }

    @Test
    void alertsListEveryKindWithSeverityAndSinceMostSevereAndOldestFirst() throws Exception {
        FleetFixtures.Fleet f = fixtures.build("fa");

        Page<FleetAlert> a = fleet.alerts(owner, AlertFilter.of(null, f.a().id()), PageRequest.first(50));
        assertThat(a.total()).isEqualTo(4);
        assertThat(a.items()).containsExactly(
                new FleetAlert(FleetAlert.ROLE_COVERAGE_GAP, "critical", f.a1LastHeartbeat(), f.a().id(), f.a().name(),
                        null, null, "core-mesh"),
                new FleetAlert(FleetAlert.WORKLOAD_FAILED, "critical", f.failedAt(), f.a().id(), f.a().name(),
                        f.a2().id(), f.a2().name(), "proc-" + f.a2().name().substring(3) + " (process)"),
                new FleetAlert(FleetAlert.NODE_SILENT, "warning", f.a1LastHeartbeat(), f.a().id(), f.a().name(),
                        f.a1().id(), f.a1().name(), "healthy"),
                new FleetAlert(FleetAlert.CERTIFICATE_EXPIRING, "warning", f.a2NotAfter(), f.a().id(), f.a().name(),
                        f.a2().id(), f.a2().name(), a.items().get(3).detail()));
        assertThat(a.items().get(3).detail()).isNotBlank(); // the serial

        Page<FleetAlert> b = fleet.alerts(owner, AlertFilter.of("", f.b().id()), PageRequest.first(50));
        assertThat(b.items()).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(FleetAlert.CLUSTER_NOT_HEALTHY);
            assertThat(alert.severity()).isEqualTo("critical");
            assertThat(alert.detail()).isEqualTo("minority_partition (term 2)");
            assertThat(alert.since()).isBetween(Instant.now().minusSeconds(600), Instant.now());
            assertThat(alert.subjectId()).isNull();
        });

        // one kind only, and paging in SQL keeps the order and the total
        assertThat(fleet.alerts(owner, AlertFilter.of(FleetAlert.NODE_SILENT, f.a().id()), PageRequest.first(50))
                .items()).extracting(FleetAlert::subjectId).containsExactly(f.a1().id());
        Page<FleetAlert> second = fleet.alerts(owner, AlertFilter.of(null, f.a().id()), new PageRequest(1, 2));
        assertThat(second.total()).isEqualTo(4);
        assertThat(second.items()).extracting(FleetAlert::kind)
                .containsExactly(FleetAlert.WORKLOAD_FAILED, FleetAlert.NODE_SILENT);
        // fleet-wide, the seeded alerts are there too
        assertThat(fleet.alerts(owner, AlertFilter.of(FleetAlert.CLUSTER_NOT_HEALTHY, null), PageRequest.first(200))
                .items()).extracting(FleetAlert::clusterId).contains(f.b().id()).doesNotContain(f.a().id());

        assertThatThrownBy(() -> AlertFilter.of("node_on_fire", null)).isInstanceOf(ValidationException.class)
                .hasFieldOrPropertyWithValue("field", "kind");
    }

    @Test
    void heartbeatHistoryCountsEachMembershipOncePerHourUnderItsWorstHealth() throws Exception {
        FleetFixtures.Fleet f = fixtures.build("fb");

        List<HeartbeatHour> hours = fleet.heartbeatHistory(owner, f.a().id());
        assertThat(hours).hasSize(FleetHealth.HISTORY_HOURS);
        Instant current = Instant.now().truncatedTo(ChronoUnit.HOURS);
        assertThat(hours.get(hours.size() - 1).start()).isIn(current, current.minus(1, ChronoUnit.HOURS));
        Instant threeAgo = f.threeHoursAgo().truncatedTo(ChronoUnit.HOURS);
        assertThat(hour(hours, threeAgo)).isEqualTo(new HeartbeatHour(threeAgo, 1, 1, 1, 0));
        // a1 joined five hours ago and said nothing an hour before those heartbeats: silent then
        Instant fourAgo = threeAgo.minus(1, ChronoUnit.HOURS);
        assertThat(hour(hours, fourAgo)).isEqualTo(new HeartbeatHour(fourAgo, 0, 0, 0, 1));
        // asked again (settled hours now come from memory) the answer is the same
        assertThat(hour(fleet.heartbeatHistory(owner, f.a().id()), threeAgo)).isEqualTo(hour(hours, threeAgo));
        assertThat(fleet.heartbeatHistory(owner, null)).hasSize(FleetHealth.HISTORY_HOURS);
    }

    @Test
    void compareShowsClustersSideBySide() throws Exception {
        FleetFixtures.Fleet f = fixtures.build("fc");

        ClusterComparison a = comparison(f.a().id());
        assertThat(a.name()).isEqualTo(f.a().name());
        assertThat(a.authorityState()).isEqualTo("healthy");
        assertThat(a.authorityTerm()).isEqualTo(1);
        assertThat(a.memberships()).containsExactlyInAnyOrderEntriesOf(Map.of("active", 3L));
        assertThat(a.health()).containsExactlyInAnyOrderEntriesOf(Map.of("healthy", 1L, "degraded", 1L,
                "unhealthy", 0L, "silent", 1L, "unknown", 0L));
        assertThat(a.placement()).containsExactlyInAnyOrderEntriesOf(Map.of("synthetic.echo", 1L, "process", 1L));
        assertThat(a.workloadStates()).containsExactlyInAnyOrderEntriesOf(Map.of("running", 1L, "failed", 1L));
        assertThat(a.cpuCount()).isEqualTo(6); // three hosts reporting 2 CPUs each (TrustFixtures.facts)
        assertThat(a.memoryBytes()).isEqualTo(3 * 1024);
        assertThat(a.workloadsPerNode()).isEqualTo(2.0 / 3);
        assertThat(a.missingRoles()).containsExactly("core-mesh");

        ClusterComparison b = comparison(f.b().id());
        assertThat(b.authorityState()).isEqualTo("minority_partition");
        assertThat(b.authorityTerm()).isEqualTo(2);
        assertThat(b.memberships()).containsExactlyInAnyOrderEntriesOf(Map.of("active", 1L));
        assertThat(b.placement()).isEmpty();
        assertThat(b.missingRoles()).isEmpty();
    }

    @Test
    void nodeListDrillDownFiltersRunInTheQuery() throws Exception {
        FleetFixtures.Fleet f = fixtures.build("fn");
        UUID a = f.a().id();

        assertThat(names(a, NodeFilter.of("silent", "active", null))).containsExactly(f.a1().name());
        assertThat(names(a, NodeFilter.of("healthy", null, null))).containsExactly(f.a2().name());
        assertThat(names(a, NodeFilter.of("degraded", "active", ""))).containsExactly(f.a3().name());
        assertThat(names(a, NodeFilter.of("unknown", null, null))).isEmpty();
        assertThat(names(a, NodeFilter.of(null, null, "core-mesh"))).containsExactly(f.a1().name());
        assertThat(names(a, NodeFilter.of(null, null, "relay"))).containsExactly(f.a2().name());
        assertThat(names(a, NodeFilter.of(null, "disabled", null))).isEmpty();
        assertThat(names(a, NodeFilter.none())).containsExactly(f.a1().name(), f.a2().name(), f.a3().name());
        // the count is filtered in SQL as well, not only the page
        assertThat(nodes.list(owner, a, NodeFilter.of("silent", null, null), PageRequest.first(1)).total()).isEqualTo(1);
        // fleet-wide (no cluster) the silent filter finds the seeded node among others, and only silent ones
        Page<NodeSummary> silent = nodes.list(owner, null, NodeFilter.of("silent", "active", null), PageRequest.first(200));
        assertThat(silent.items()).extracting(NodeSummary::health).containsOnly("silent");
        assertThat(silent.total()).isGreaterThanOrEqualTo(1);

        assertThatThrownBy(() -> NodeFilter.of("sick", null, null)).isInstanceOf(ValidationException.class)
                .hasFieldOrPropertyWithValue("field", "health");
        assertThatThrownBy(() -> NodeFilter.of(null, "gone", null)).isInstanceOf(ValidationException.class)
                .hasFieldOrPropertyWithValue("field", "status");
        assertThatThrownBy(() -> NodeFilter.of(null, null, "pilot")).isInstanceOf(ValidationException.class)
                .hasFieldOrPropertyWithValue("field", "role");
    }

    @Test
    void onlyThePlatformOwnerReadsTheFleet() throws Exception {
        FleetFixtures.Fleet f = fixtures.build("fz");
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        Caller clusterAdmin = OrgFixtures.clusterAdmin("fleet-ca-" + suffix);
        orgFixtures.grantCluster(clusterAdmin.username(), f.a().id()); // even the admin of the cluster itself
        Caller orgAdmin = OrgFixtures.orgAdmin("fleet-oa-" + suffix);
        Caller nobody = new Caller("nobody-sub", "fleet-nobody-" + suffix, Set.of(), Optional.of(Instant.now()));

        for (Caller refused : List.of(clusterAdmin, orgAdmin, nobody)) {
            List<ThrowingCallable> calls = List.of(
                    () -> fleet.overview(refused, f.a().id()),
                    () -> fleet.overview(refused, null),
                    () -> fleet.currentOverview(refused),
                    () -> fleet.alerts(refused, AlertFilter.of(null, f.a().id()), PageRequest.first(10)),
                    () -> fleet.heartbeatHistory(refused, f.a().id()),
                    () -> fleet.compare(refused, PageRequest.first(10)),
                    () -> nodes.list(refused, null, NodeFilter.of("silent", null, null), PageRequest.first(10)));
            for (ThrowingCallable call : calls) {
                assertThatThrownBy(call).as(refused.username()).isInstanceOf(AccessDeniedException.class);
            }
        }
        // the cluster's own admin may still list its nodes with a filter (scope in the query)
        assertThat(nodes.list(clusterAdmin, f.a().id(), NodeFilter.of("silent", null, null), PageRequest.first(10))
                .items()).extracting(NodeSummary::nodeId).containsExactly(f.a1().id());
    }

    private List<String> names(UUID cluster, NodeFilter filter) {
        return nodes.list(owner, cluster, filter, PageRequest.first(50)).items().stream().map(NodeSummary::name)
                .toList();
    }

    private ClusterComparison comparison(UUID clusterId) {
        List<ClusterComparison> seen = new ArrayList<>();
        for (int offset = 0; ; offset += PageRequest.MAX_LIMIT) {
            Page<ClusterComparison> page = fleet.compare(owner, new PageRequest(offset, PageRequest.MAX_LIMIT));
            seen.addAll(page.items());
            Optional<ClusterComparison> found = page.items().stream().filter(c -> c.clusterId().equals(clusterId))
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            if (offset + PageRequest.MAX_LIMIT >= page.total()) {
                throw new AssertionError("cluster " + clusterId + " not in the comparison of " + seen.size());
            }
        }
    }

    private static HeartbeatHour hour(List<HeartbeatHour> hours, Instant start) {
        return hours.stream().filter(h -> h.start().equals(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no hour " + start + " in " + hours));
    }
}
