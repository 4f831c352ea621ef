package io.rap.fabric.it;

import io.rap.fabric.domain.access.AdminGrant;
import io.rap.fabric.domain.access.AdminGrantService;
import io.rap.fabric.domain.access.AdminGrantView;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.access.NewAdminGrant;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.enrollment.EnrollmentOutcome;
import io.rap.fabric.domain.enrollment.EnrollmentService;
import io.rap.fabric.domain.enrollment.IssuedJoinToken;
import io.rap.fabric.domain.enrollment.JoinTokenService;
import io.rap.fabric.domain.enrollment.NewJoinToken;
import io.rap.fabric.domain.group.NodeGroupService;
import io.rap.fabric.domain.group.NodeGroupView;
import io.rap.fabric.domain.node.HeartbeatReport;
import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.node.SignedRequest;
import io.rap.fabric.domain.organization.AccessSessionService;
import io.rap.fabric.domain.organization.AccessSessionView;
import io.rap.fabric.domain.organization.EgressPoolService;
import io.rap.fabric.domain.organization.EgressPoolView;
import io.rap.fabric.domain.organization.EntryPointService;
import io.rap.fabric.domain.organization.EntryPointView;
import io.rap.fabric.domain.organization.NewEgressPool;
import io.rap.fabric.domain.organization.NewEntryPoint;
import io.rap.fabric.domain.organization.NewOrganization;
import io.rap.fabric.domain.organization.OrganizationPolicyService;
import io.rap.fabric.domain.organization.OrganizationResourceService;
import io.rap.fabric.domain.organization.OrganizationService;
import io.rap.fabric.domain.organization.OrganizationUserService;
import io.rap.fabric.domain.organization.OrganizationUserView;
import io.rap.fabric.domain.organization.OrganizationView;
import io.rap.fabric.domain.organization.PolicyInput;
import io.rap.fabric.domain.organization.PolicyView;
import io.rap.fabric.domain.organization.ResourceInput;
import io.rap.fabric.domain.organization.ResourceView;
import io.rap.fabric.domain.organization.UserInput;
import io.rap.fabric.domain.role.RoleCatalog;
import io.rap.fabric.domain.workload.WorkloadService;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.NodeProof;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Builds whole tenants through the domain services (so every row is audited like real data):
 * an organization with an egress pool, an entry point, a user, a resource, a policy and an
 * active session, every name carrying a recognizable marker, and its admin with a grant.
 */
@Dependent
public class OrgFixtures {

    private static final URI NODE_API = URI.create("https://control.example/node-api/v1");
    /** The address a node reports unless a test wants a marker of its own. */
    static final String DEFAULT_ADDRESS = "192.0.2.10";

    @Inject OrganizationService organizations;
    @Inject AdminGrantService grants;
    @Inject EgressPoolService pools;
    @Inject EntryPointService entryPoints;
    @Inject OrganizationUserService users;
    @Inject OrganizationResourceService resources;
    @Inject OrganizationPolicyService policies;
    @Inject AccessSessionService sessions;
    @Inject JoinTokenService tokens;
    @Inject EnrollmentService enrollments;
    @Inject NodeService nodes;
    @Inject WorkloadService workloads;
    @Inject NodeGroupService groups;

    /** Everything one tenant has, and the people who act in it. */
    public record Tenant(String marker, ClusterView cluster, OrganizationView org, Caller admin,
                         EgressPoolView pool, EntryPointView entry, OrganizationUserView user, Caller userCaller,
                         ResourceView resource, PolicyView policy, AccessSessionView session) {
    }

    /** A node enrolled, approved and heartbeating healthy: what tenants must never learn about. */
    public record EnrolledNode(UUID nodeId, String name, String certificatePem, KeyPair key) {
    }

    public static Caller orgAdmin(String username) {
        return new Caller(username + "-sub", username, Set.of(Caller.ORG_ADMIN), Optional.of(Instant.now()));
    }

    public static Caller clusterAdmin(String username) {
        return new Caller(username + "-sub", username, Set.of(Caller.CLUSTER_ADMIN), Optional.of(Instant.now()));
    }

    /** @param marker a recognizable word, e.g. "TENANTB7F3A", put into every name of the tenant */
    public Tenant tenant(ClusterView cluster, String marker) {
        Caller owner = TrustFixtures.owner();
        String lower = marker.toLowerCase(Locale.ROOT);
        OrganizationView org = organizations.create(owner, new NewOrganization("Org " + marker, "org-" + lower,
                cluster.id(), "organization " + marker));
        Caller admin = orgAdmin("oa-" + lower);
        grant(admin.username(), org.id());
        EgressPoolView pool = pools.create(owner, org.id(), new NewEgressPool("Pool " + marker, "region-" + lower));
        EntryPointView entry = entryPoints.create(owner, org.id(),
                new NewEntryPoint("Entry " + marker, "entry-" + lower + ".example.net", 443));
        OrganizationUserView user = users.create(admin, org.id(),
                new UserInput("user-" + lower, "User " + marker, lower + "@example.org", "active"));
        ResourceView resource = resources.create(admin, org.id(), new ResourceInput("Desktop " + marker,
                "desk-" + lower + ".corp.example", null, "rdp", pool.id(), "desktop of " + marker));
        PolicyView policy = policies.create(admin, org.id(), new PolicyInput("Always " + marker,
                EnumSet.allOf(DayOfWeek.class), "00:00", "24:00", "UTC", true, true, Set.of(user.id()),
                Set.of(resource.id()), Set.of(entry.id())));
        Caller userCaller = new Caller(user.username() + "-sub", user.username(), Set.of(), Optional.of(Instant.now()));
        AccessSessionView session = sessions.request(userCaller, org.id(), resource.id(), entry.id());
        return new Tenant(marker, cluster, org, admin, pool, entry, user, userCaller, resource, policy, session);
    }

    public AdminGrantView grant(String username, UUID organizationId) {
        return grants.grant(TrustFixtures.owner(), new NewAdminGrant(username, AdminGrant.ORGANIZATION, organizationId));
    }

    public AdminGrantView grantCluster(String username, UUID clusterId) {
        return grants.grant(TrustFixtures.owner(), new NewAdminGrant(username, AdminGrant.CLUSTER, clusterId));
    }

    public EnrolledNode enrollHealthyNode(ClusterView cluster, String name) {
        return enrollHealthyNode(cluster, name, DEFAULT_ADDRESS);
    }

    /** As above, reporting {@code address} as its only address (a recognizable marker for page scans). */
    public EnrolledNode enrollHealthyNode(ClusterView cluster, String name, String address) {
        Caller owner = TrustFixtures.owner();
        KeyPair key = Keys.generateP256();
        IssuedJoinToken token = tokens.issue(owner, new NewJoinToken(cluster.id(), null, null, null, null));
        EnrollmentOutcome pending = enrollments.submit(TrustFixtures.submission(token.rawToken(), key, name,
                TrustFixtures.facts(name, address), List.of(), List.of(), "127.0.0.1"));
        enrollments.approve(owner, pending.requestId());
        URI poll = URI.create(NODE_API + "/enrollments/" + pending.requestId());
        EnrollmentOutcome approved = enrollments.status(pending.requestId(), new SignedRequest(
                NodeProof.create(key, "GET", poll, new byte[0], Instant.now()), "GET", poll, null));
        heartbeat(approved.nodeId(), cluster.id(), key, "healthy");
        return new EnrolledNode(approved.nodeId(), name, approved.certificatePem(), key);
    }

    /** As above, with the synthetic echo workload {@code workload} desired on it. */
    public EnrolledNode enrollHealthyNodeRunning(ClusterView cluster, String name, String address, String workload) {
        EnrolledNode node = enrollHealthyNode(cluster, name, address);
        workloads.setWorkload(TrustFixtures.owner(), cluster.id(), node.nodeId(), workload, RoleCatalog.SYNTHETIC_ECHO,
                Map.of());
        return node;
    }

    /** A new top-level group of the cluster holding the node. */
    public NodeGroupView groupHolding(ClusterView cluster, String name, UUID nodeId) {
        NodeGroupView group = groups.create(TrustFixtures.owner(), cluster.id(), null, name);
        groups.assign(TrustFixtures.owner(), cluster.id(), nodeId, group.id());
        return group;
    }

    /** A join request of a node called {@code name} that waits in the cluster for a decision. */
    public void pendingJoinRequest(ClusterView cluster, String name) {
        IssuedJoinToken token = tokens.issue(TrustFixtures.owner(), new NewJoinToken(cluster.id(), null, null, null,
                null));
        enrollments.submit(TrustFixtures.submission(token.rawToken(), Keys.generateP256(), name, List.of(), List.of()));
    }

    public void heartbeat(UUID nodeId, UUID clusterId, KeyPair key, String health) {
        heartbeat(nodeId, clusterId, key, health, "[]");
    }

    /** A heartbeat that also reports workloads ({@code workloadsJson}: an array of WorkloadState JSON). */
    public void heartbeat(UUID nodeId, UUID clusterId, KeyPair key, String health, String workloadsJson) {
        URI uri = URI.create(NODE_API + "/nodes/" + nodeId + "/heartbeats");
        byte[] body = ("{\"clusterId\":\"" + clusterId + "\"}").getBytes(StandardCharsets.UTF_8);
        nodes.recordHeartbeat(nodeId, new SignedRequest(NodeProof.create(key, "POST", uri, body, Instant.now()), "POST",
                uri, body), new HeartbeatReport(clusterId, health, "it", Instant.now(), workloadsJson, null));
    }
}
