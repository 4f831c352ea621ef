package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.rap.fabric.domain.access.AccessDeniedException;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.audit.AuditFilter;
import io.rap.fabric.domain.audit.AuditService;
import io.rap.fabric.domain.audit.AuditView;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.enrollment.EnrollmentService;
import io.rap.fabric.domain.enrollment.IssuedJoinToken;
import io.rap.fabric.domain.enrollment.JoinTokenService;
import io.rap.fabric.domain.enrollment.NewJoinToken;
import io.rap.fabric.domain.organization.NewOrganization;
import io.rap.fabric.domain.organization.OrganizationService;
import io.rap.fabric.domain.organization.OrganizationView;
import io.rap.fabric.domain.role.RoleAssignmentService;
import io.rap.fabric.domain.shared.ConflictException;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.domain.shared.NotFoundException;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.domain.shared.ValidationException;
import io.rap.fabric.domain.telemetry.EffectiveFlag;
import io.rap.fabric.domain.telemetry.NewTelemetryFlag;
import io.rap.fabric.domain.telemetry.NodeTelemetry;
import io.rap.fabric.domain.telemetry.TelemetryFlagView;
import io.rap.fabric.domain.telemetry.TelemetryService;
import io.rap.fabric.domain.telemetry.TelemetryTarget;
import io.rap.fabric.protocol.DesiredState;
import io.rap.fabric.protocol.Heartbeat;
import io.rap.fabric.protocol.HeartbeatAck;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.NodeProof;
import io.rap.fabric.protocol.RuntimeDetail;
import io.rap.fabric.protocol.TelemetryFlag;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Test telemetry flags in the deployed application: the effective set of a membership per scope
 * (node, cluster, organization through an org-restricted role assignment), expiry without a job,
 * disable, duplicates, bad input and other people refused with nothing changed, an audit event per
 * change, and the desired state over the real node API carrying the flags with a new version; a
 * heartbeat's runtime block reaching the owner's node view.
 */
@ExtendWith(ArquillianExtension.class)
class TelemetryFlagIT {

    private static final PageRequest PAGE = PageRequest.first(200);

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.earWithTestWar(TelemetryFlagIT.class, TrustFixtures.class, OrgFixtures.class,
                OrgFixtures.Tenant.class, OrgFixtures.EnrolledNode.class);
    }

    @Inject TelemetryService telemetry;
    @Inject ClusterService clusters;
    @Inject OrganizationService organizations;
    @Inject JoinTokenService tokens;
    @Inject EnrollmentService enrollments;
    @Inject RoleAssignmentService roles;
    @Inject AuditService audit;
    @Inject OrgFixtures fixtures;

    @Resource(lookup = "java:jboss/datasources/RapDS")
    DataSource dataSource;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Caller owner = TrustFixtures.owner();

    private record Enrolled(UUID nodeId, UUID clusterId, KeyPair key) {
    }

    // ---- fixtures ----

    private ClusterView newCluster() {
        return TrustFixtures.newCluster(clusters, "tel");
    }

    private OrganizationView newOrganization(ClusterView cluster) {
        String slug = "tel-" + UUID.randomUUID().toString().substring(0, 8);
        return organizations.create(owner, new NewOrganization("Org " + slug, slug, cluster.id(), "telemetry test"));
    }

    /** A node enrolled and approved in the cluster; it may serve organizations through the egress role. */
    private Enrolled enrolled(ClusterView cluster) {
        KeyPair key = Keys.generateP256();
        IssuedJoinToken token = tokens.issue(owner, new NewJoinToken(cluster.id(), null, null, null, null));
        String name = "tel-node-" + UUID.randomUUID().toString().substring(0, 8);
        UUID requestId = enrollments.submit(TrustFixtures.submission(token.rawToken(), key, name,
                List.of("can_run_egress"), List.of())).requestId();
        return new Enrolled(enrollments.approve(owner, requestId).approvedNodeId(), cluster.id(), key);
    }

    private TelemetryFlagView enable(TelemetryTarget target, String flag) {
        return telemetry.enable(owner, new NewTelemetryFlag(target, flag, null, "chasing a slow link"));
    }

    private static List<String> flags(List<EffectiveFlag> effective) {
        return effective.stream().map(f -> f.flag() + "@" + f.source()).sorted().toList();
    }

    private List<EffectiveFlag> effective(Enrolled node) {
        return telemetry.forNode(owner, node.nodeId()).stream().filter(m -> m.clusterId().equals(node.clusterId()))
                .findFirst().orElseThrow().flags();
    }

    private List<AuditView> events(UUID clusterId, String type) {
        return audit.list(owner, AuditFilter.none().withCluster(clusterId).withEventType(type), PAGE).items();
    }

    private long count(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long flagRows(UUID clusterId) throws SQLException {
        return count("select count(*) from telemetry_flags where cluster_id = ?", clusterId);
    }

    /** Moves the flag's whole life two hours into the past: it expired a minute ago. */
    private void expire(UUID flagId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "update telemetry_flags set enabled_at = now() - interval '2 hours', expires_at = now() - interval '1 minute'"
                        + " where id = ?")) {
            s.setObject(1, flagId);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    // ---- the node API over HTTP ----

    private static URI api(String path) {
        int port = 8080 + Integer.getInteger("jboss.socket.binding.port-offset", 0);
        return URI.create("http://127.0.0.1:" + port + "/node-api/v1" + path);
    }

    private DesiredState desiredState(Enrolled node) throws Exception {
        URI uri = api("/nodes/" + node.nodeId() + "/desired-state?cluster=" + node.clusterId());
        HttpResponse<String> reply = http.send(HttpRequest.newBuilder(uri).GET().timeout(Duration.ofSeconds(30))
                .header(NodeProof.HEADER, NodeProof.create(node.key(), "GET", uri, new byte[0], Instant.now())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return DesiredState.fromJson(Json.createReader(new StringReader(reply.body())).readObject());
    }

    private HeartbeatAck heartbeat(Enrolled node, RuntimeDetail runtime) throws Exception {
        byte[] body = new Heartbeat(node.clusterId(), "healthy", "it", Instant.now(), List.of(), null, runtime)
                .toJson().toString().getBytes(StandardCharsets.UTF_8);
        URI uri = api("/nodes/" + node.nodeId() + "/heartbeats");
        HttpResponse<String> reply = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers
                        .ofByteArray(body)).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header(NodeProof.HEADER, NodeProof.create(node.key(), "POST", uri, body, Instant.now())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return HeartbeatAck.fromJson(Json.createReader(new StringReader(reply.body())).readObject());
    }

    private static List<String> names(DesiredState state) {
        return state.telemetry().stream().map(TelemetryFlag::name).sorted().toList();
    }

    // ---- tests ----

    @Test
    void eachScopeReachesExactlyItsMembershipsAndTheDesiredStateCarriesThemWithANewVersion() throws Exception {
        ClusterView cluster = newCluster();
        ClusterView other = newCluster();
        OrganizationView org = newOrganization(cluster);
        Enrolled serving = enrolled(cluster);   // serves org through an org-restricted role
        Enrolled plain = enrolled(cluster);     // same cluster, serves nobody
        Enrolled elsewhere = enrolled(other);
        roles.assign(owner, cluster.id(), serving.nodeId(), "egress", org.id());
        long servingBefore = heartbeat(serving, null).desiredStateVersion();
        long plainBefore = heartbeat(plain, null).desiredStateVersion();
        assertThat(desiredState(plain).telemetry()).isEmpty();

        TelemetryFlagView clusterFlag = enable(TelemetryTarget.cluster(cluster.id()), "link_trace");
        assertThat(clusterFlag.status()).isEqualTo("active");
        assertThat(clusterFlag.targetName()).isEqualTo(cluster.name());
        assertThat(clusterFlag.expiresAt()).isBetween(clusterFlag.enabledAt().plus(Duration.ofHours(24)).minusSeconds(1),
                clusterFlag.enabledAt().plus(Duration.ofHours(24)).plusSeconds(1));
        long plainAfterCluster = heartbeat(plain, null).desiredStateVersion();
        assertThat(plainAfterCluster).as("a cluster flag reaches every membership").isGreaterThan(plainBefore);

        TelemetryFlagView orgFlag = enable(TelemetryTarget.organization(org.id()), "heartbeat_detail");
        assertThat(orgFlag.clusterId()).isEqualTo(cluster.id());
        assertThat(heartbeat(plain, null).desiredStateVersion()).as("not serving the organization: unchanged")
                .isEqualTo(plainAfterCluster);
        TelemetryFlagView nodeFlag = telemetry.enable(owner, new NewTelemetryFlag(
                TelemetryTarget.node(cluster.id(), serving.nodeId()), "heartbeat_detail", 168, "one node only"));
        assertThat(nodeFlag.expiresAt()).isAfter(nodeFlag.enabledAt().plus(Duration.ofHours(167)));

        assertThat(flags(effective(serving))).containsExactly("heartbeat_detail@node", "heartbeat_detail@organization",
                "link_trace@cluster");
        assertThat(effective(serving)).filteredOn(f -> f.source().equals("organization"))
                .extracting(EffectiveFlag::sourceName).containsExactly(org.name());
        assertThat(flags(effective(plain))).containsExactly("link_trace@cluster");
        assertThat(telemetry.forNode(owner, elsewhere.nodeId())).singleElement()
                .satisfies(m -> assertThat(m.flags()).isEmpty());

        // over the node API: one entry per flag name, the latest expiry wins
        HeartbeatAck ack = heartbeat(serving, null);
        assertThat(ack.desiredStateVersion()).isGreaterThan(servingBefore);
        DesiredState servingState = desiredState(serving);
        assertThat(servingState.version()).isEqualTo(ack.desiredStateVersion());
        assertThat(names(servingState)).containsExactly("heartbeat_detail", "link_trace");
        assertThat(servingState.telemetry()).filteredOn(f -> f.name().equals("heartbeat_detail"))
                .singleElement().satisfies(f -> assertThat(f.expiresAt()).isEqualTo(nodeFlag.expiresAt()));
        assertThat(names(desiredState(plain))).containsExactly("link_trace");
        assertThat(desiredState(elsewhere).telemetry()).isEmpty();

        // the runtime block of a heartbeat reaches the owner's node view, and leaves with the next plain one
        heartbeat(serving, new RuntimeDetail(50_000_000, 256_000_000L, 23, 3_600, 41L, 1));
        NodeTelemetry withRuntime = telemetry.forNode(owner, serving.nodeId()).get(0);
        assertThat(withRuntime.runtime()).isEqualTo(new RuntimeDetail(50_000_000, 256_000_000L, 23, 3_600, 41L, 1));
        assertThat(withRuntime.reportedAt()).isNotNull();
        heartbeat(serving, null);
        assertThat(telemetry.forNode(owner, serving.nodeId()).get(0).runtime()).isNull();

        List<AuditView> enabled = events(cluster.id(), "telemetry_flag.enabled");
        assertThat(enabled).hasSize(3).allSatisfy(e -> {
            assertThat(e.actor()).isEqualTo("it-owner");
            assertThat(e.targetType()).isEqualTo("telemetry_flag");
        });
        assertThat(enabled).anySatisfy(e -> assertThat(e.details()).containsEntry("flag", "link_trace")
                .containsEntry("scope", "cluster").containsEntry("memberships", "2")
                .containsEntry("reason", "chasing a slow link"));
        assertThat(enabled).anySatisfy(e -> assertThat(e.details()).containsEntry("scope", "organization")
                .containsEntry("memberships", "1"));
        assertThat(enabled).anySatisfy(e -> assertThat(e.nodeId()).isEqualTo(serving.nodeId()));
    }

    @Test
    void anExpiredFlagStopsApplyingWithoutAJobAndMayBeEnabledAgain() throws Exception {
        ClusterView cluster = newCluster();
        Enrolled node = enrolled(cluster);
        TelemetryFlagView flag = enable(TelemetryTarget.node(cluster.id(), node.nodeId()), "link_trace");
        assertThat(names(desiredState(node))).containsExactly("link_trace");

        expire(flag.id());

        assertThat(effective(node)).isEmpty();
        assertThat(desiredState(node).telemetry()).isEmpty();
        assertThat(telemetry.list(owner, "expired", PAGE).items()).extracting(TelemetryFlagView::id).contains(flag.id());
        assertThat(telemetry.list(owner, "active", PAGE).items()).extracting(TelemetryFlagView::id)
                .doesNotContain(flag.id());
        assertThatThrownBy(() -> telemetry.disable(owner, flag.id(), flag.version()))
                .isInstanceOf(ConflictException.class).extracting(e -> ((DomainException) e).code())
                .isEqualTo("telemetry_flag_not_active");

        TelemetryFlagView again = enable(TelemetryTarget.node(cluster.id(), node.nodeId()), "link_trace");
        assertThat(again.id()).isNotEqualTo(flag.id());
        assertThat(names(desiredState(node))).containsExactly("link_trace");
        assertThat(flagRows(cluster.id())).isEqualTo(2);
        assertThat(count("select count(*) from telemetry_flags where id = ? and closed_at is not null"
                + " and disabled_at is null", flag.id())).as("the expired one gave up its place").isEqualTo(1);
    }

    @Test
    void disablingStopsTheFlagAtOnceAndAStaleFormChangesNothing() throws Exception {
        ClusterView cluster = newCluster();
        Enrolled node = enrolled(cluster);
        TelemetryFlagView flag = enable(TelemetryTarget.cluster(cluster.id()), "heartbeat_detail");
        long version = desiredState(node).version();

        assertThatThrownBy(() -> telemetry.disable(owner, flag.id(), flag.version() + 1))
                .isInstanceOf(ConflictException.class).extracting(e -> ((DomainException) e).code())
                .isEqualTo("stale_version");
        assertThat(names(desiredState(node))).containsExactly("heartbeat_detail");
        assertThat(events(cluster.id(), "telemetry_flag.disabled")).isEmpty();

        TelemetryFlagView disabled = telemetry.disable(owner, flag.id(), flag.version());
        assertThat(disabled.status()).isEqualTo("disabled");
        assertThat(disabled.disabledBy()).isEqualTo("it-owner");
        assertThat(disabled.disabledAt()).isNotNull();
        DesiredState after = desiredState(node);
        assertThat(after.telemetry()).isEmpty();
        assertThat(after.version()).as("the agent learns it with its next heartbeat").isGreaterThan(version);
        assertThat(effective(node)).isEmpty();
        assertThat(telemetry.list(owner, "disabled", PAGE).items()).extracting(TelemetryFlagView::id).contains(flag.id());

        assertThatThrownBy(() -> telemetry.disable(owner, flag.id(), disabled.version()))
                .isInstanceOf(ConflictException.class).extracting(e -> ((DomainException) e).code())
                .isEqualTo("telemetry_flag_not_active");
        assertThatThrownBy(() -> telemetry.disable(owner, UUID.randomUUID(), 0)).isInstanceOf(NotFoundException.class);
        assertThat(events(cluster.id(), "telemetry_flag.disabled")).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("it-owner");
            assertThat(e.targetId()).isEqualTo(flag.id().toString());
            assertThat(e.details()).containsEntry("flag", "heartbeat_detail").containsEntry("memberships", "1");
        });
    }

    @Test
    void aSecondEnableOfAnActiveFlagIsRefusedAndChangesNothing() throws Exception {
        ClusterView cluster = newCluster();
        Enrolled node = enrolled(cluster);
        enable(TelemetryTarget.node(cluster.id(), node.nodeId()), "link_trace");
        long version = desiredState(node).version();

        assertThatThrownBy(() -> enable(TelemetryTarget.node(cluster.id(), node.nodeId()), "link_trace"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("already on")
                .extracting(e -> ((DomainException) e).code()).isEqualTo("telemetry_flag_active");

        assertThat(flagRows(cluster.id())).isEqualTo(1);
        assertThat(desiredState(node).version()).isEqualTo(version);
        assertThat(events(cluster.id(), "telemetry_flag.enabled")).hasSize(1);
        // the same flag on another scope, or another flag on this one, is a flag of its own
        enable(TelemetryTarget.cluster(cluster.id()), "link_trace");
        enable(TelemetryTarget.node(cluster.id(), node.nodeId()), "heartbeat_detail");
        assertThat(flagRows(cluster.id())).isEqualTo(3);
    }

    @Test
    void badInputIsRefusedWithAClearErrorAndChangesNothing() throws Exception {
        ClusterView cluster = newCluster();
        ClusterView other = newCluster();
        Enrolled node = enrolled(cluster);
        Enrolled stranger = enrolled(other);
        long version = desiredState(node).version();
        TelemetryTarget target = TelemetryTarget.node(cluster.id(), node.nodeId());

        Map<String, ThrowingCallable> refusals = new java.util.LinkedHashMap<>();
        refusals.put("unknown flag", () -> telemetry.enable(owner, new NewTelemetryFlag(target, "packet_capture", 1, "x")));
        refusals.put("8 days", () -> telemetry.enable(owner, new NewTelemetryFlag(target, "link_trace", 169, "x")));
        refusals.put("0 hours", () -> telemetry.enable(owner, new NewTelemetryFlag(target, "link_trace", 0, "x")));
        refusals.put("no reason", () -> telemetry.enable(owner, new NewTelemetryFlag(target, "link_trace", 1, " ")));
        refusals.put("no target", () -> telemetry.enable(owner, new NewTelemetryFlag(null, "link_trace", 1, "x")));
        refusals.put("unknown scope", () -> telemetry.enable(owner, new NewTelemetryFlag(
                new TelemetryTarget("region", cluster.id(), null, null), "link_trace", 1, "x")));
        refusals.put("node without cluster", () -> telemetry.enable(owner, new NewTelemetryFlag(
                TelemetryTarget.node(null, node.nodeId()), "link_trace", 1, "x")));
        refusals.put("unknown cluster", () -> telemetry.enable(owner, new NewTelemetryFlag(
                TelemetryTarget.cluster(UUID.randomUUID()), "link_trace", 1, "x")));
        refusals.put("node of another cluster", () -> telemetry.enable(owner, new NewTelemetryFlag(
                TelemetryTarget.node(cluster.id(), stranger.nodeId()), "link_trace", 1, "x")));
        refusals.put("unknown organization", () -> telemetry.enable(owner, new NewTelemetryFlag(
                TelemetryTarget.organization(UUID.randomUUID()), "link_trace", 1, "x")));

        Map<String, Class<? extends DomainException>> expected = Map.of("unknown cluster", NotFoundException.class,
                "node of another cluster", NotFoundException.class, "unknown organization", NotFoundException.class);
        refusals.forEach((what, call) -> {
            Throwable refusal = catchThrowable(call);
            assertThat(refusal).as(what).isInstanceOf(expected.getOrDefault(what, ValidationException.class));
            assertThat(refusal.getMessage()).as(what).isNotBlank();
        });
        assertThat(catchThrowable(refusals.get("unknown flag"))).hasMessageContaining("packet_capture")
                .hasMessageContaining("link_trace");
        assertThat(((ValidationException) catchThrowable(refusals.get("8 days"))).field()).isEqualTo("expiresInHours");

        assertThat(flagRows(cluster.id())).isZero();
        assertThat(flagRows(other.id())).isZero();
        assertThat(events(cluster.id(), "telemetry_flag.enabled")).isEmpty();
        assertThat(desiredState(node).version()).isEqualTo(version);
        assertThatThrownBy(() -> telemetry.list(owner, "paused", PAGE)).isInstanceOf(ValidationException.class);
    }

    @Test
    void onlyThePlatformOwnerMayUseAnyMethod() throws Exception {
        ClusterView cluster = newCluster();
        OrganizationView org = newOrganization(cluster);
        Enrolled node = enrolled(cluster);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        fixtures.grantCluster("ca-tel-" + suffix, cluster.id());
        fixtures.grant("oa-tel-" + suffix, org.id());
        Caller clusterAdmin = OrgFixtures.clusterAdmin("ca-tel-" + suffix);
        Caller orgAdmin = OrgFixtures.orgAdmin("oa-tel-" + suffix);
        Caller noGrant = TrustFixtures.personWithRole(Caller.CLUSTER_ADMIN, "nogrant-tel-" + suffix);
        TelemetryFlagView flag = enable(TelemetryTarget.cluster(cluster.id()), "link_trace");
        long version = desiredState(node).version();

        for (Caller someone : List.of(clusterAdmin, orgAdmin, noGrant)) {
            String who = someone.username();
            assertThatThrownBy(() -> telemetry.enable(someone, new NewTelemetryFlag(
                    TelemetryTarget.node(cluster.id(), node.nodeId()), "heartbeat_detail", 1, "mine")))
                    .as(who + " enable").isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> telemetry.enable(someone, new NewTelemetryFlag(
                    TelemetryTarget.organization(org.id()), "heartbeat_detail", 1, "mine")))
                    .as(who + " enable for the organization").isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> telemetry.disable(someone, flag.id(), flag.version()))
                    .as(who + " disable").isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> telemetry.list(someone, null, PAGE))
                    .as(who + " list").isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> telemetry.forNode(someone, node.nodeId()))
                    .as(who + " node view").isInstanceOf(AccessDeniedException.class);
        }

        assertThat(flagRows(cluster.id())).isEqualTo(1);
        assertThat(telemetry.list(owner, "active", PAGE).items()).filteredOn(f -> f.id().equals(flag.id()))
                .singleElement().satisfies(f -> assertThat(f.status()).isEqualTo("active"));
        assertThat(desiredState(node).version()).isEqualTo(version);
        assertThat(events(cluster.id(), "telemetry_flag.enabled")).hasSize(1);
        assertThat(events(cluster.id(), "telemetry_flag.disabled")).isEmpty();
        // refused changes are audited with who tried
        assertThat(events(cluster.id(), "telemetry_flag.enable_refused")).extracting(AuditView::actor)
                .contains(clusterAdmin.username(), orgAdmin.username(), noGrant.username());
        assertThat(audit.list(owner, AuditFilter.none().withEventType("telemetry_flag.disable_refused")
                .withActor(clusterAdmin.username()), PAGE).items()).singleElement()
                .satisfies(e -> assertThat(e.targetId()).isEqualTo(flag.id().toString()));
    }
}
