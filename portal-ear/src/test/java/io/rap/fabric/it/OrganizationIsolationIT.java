package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.rap.fabric.domain.access.AccessDeniedException;
import io.rap.fabric.domain.access.AdminGrant;
import io.rap.fabric.domain.access.AdminGrantService;
import io.rap.fabric.domain.access.AdminGrantView;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.access.NewAdminGrant;
import io.rap.fabric.domain.access.StepUpRequiredException;
import io.rap.fabric.domain.audit.AuditFilter;
import io.rap.fabric.domain.audit.AuditService;
import io.rap.fabric.domain.audit.AuditView;
import io.rap.fabric.domain.cluster.AuthorityNotHealthyException;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.organization.AccessRefusedException;
import io.rap.fabric.domain.organization.AccessSessionService;
import io.rap.fabric.domain.organization.AccessSessionView;
import io.rap.fabric.domain.organization.ConnectorStatusView;
import io.rap.fabric.domain.organization.EgressPoolService;
import io.rap.fabric.domain.organization.EgressPoolView;
import io.rap.fabric.domain.organization.EntryPointService;
import io.rap.fabric.domain.organization.NewEgressPool;
import io.rap.fabric.domain.organization.NewEntryPoint;
import io.rap.fabric.domain.organization.OrganizationAuditService;
import io.rap.fabric.domain.organization.OrganizationAuditView;
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
import io.rap.fabric.domain.organization.SafeStatus;
import io.rap.fabric.domain.organization.UserInput;
import io.rap.fabric.domain.shared.ConflictException;
import io.rap.fabric.domain.shared.NotFoundException;
import io.rap.fabric.domain.shared.PageRequest;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * Tenant isolation in the organization domain, per service method, against the real database:
 * an organization admin reaches only their organization (another tenant's objects are "not
 * found", another tenant's organization is refused), people without a grant and cluster admins
 * are refused, the platform owner is allowed, and every mutation leaves its audit event. Each
 * outcome is also a row of the isolation matrix report ({@code org-isolation-matrix.txt} in the
 * server's log directory, see {@link DomainMatrix}).
 */
@ExtendWith(ArquillianExtension.class)
class OrganizationIsolationIT {

    private static final PageRequest PAGE = PageRequest.first(200);

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.earWithTestWar(OrganizationIsolationIT.class, TrustFixtures.class, OrgFixtures.class,
                OrgFixtures.Tenant.class, OrgFixtures.EnrolledNode.class, DomainMatrix.class);
    }

    @Inject OrgFixtures fixtures;
    @Inject ClusterService clusters;
    @Inject AdminGrantService grants;
    @Inject OrganizationService organizations;
    @Inject OrganizationUserService users;
    @Inject OrganizationResourceService resources;
    @Inject OrganizationPolicyService policies;
    @Inject AccessSessionService sessions;
    @Inject EgressPoolService pools;
    @Inject EntryPointService entryPoints;
    @Inject OrganizationAuditService orgAudit;
    @Inject AuditService audit;

    @Resource(lookup = "java:jboss/datasources/RapDS")
    DataSource dataSource;

    /** Fresh each time: the test stack's step-up window is only 30 seconds. */
    private static Caller owner() {
        return TrustFixtures.owner();
    }

    private static String marker(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT);
    }

    private OrgFixtures.Tenant[] twoTenants() {
        ClusterView cluster = TrustFixtures.newCluster(clusters, "org");
        return new OrgFixtures.Tenant[] {fixtures.tenant(cluster, marker("TA")), fixtures.tenant(cluster, marker("TB"))};
    }

    /** Every read and mutation of one organization, as named calls, to run as one person. */
    private Map<String, ThrowingCallable> everyMethod(Caller caller, OrgFixtures.Tenant t) {
        UUID org = t.org().id();
        Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
        calls.put("organization.get", () -> organizations.get(caller, org));
        calls.put("organization.dashboard", () -> organizations.dashboard(caller, org));
        calls.put("organization.connectors", () -> organizations.connectors(caller, org));
        calls.put("users.list", () -> users.list(caller, org, PAGE));
        calls.put("users.get", () -> users.get(caller, org, t.user().id()));
        calls.put("users.create", () -> users.create(caller, org, new UserInput("intruder", null, null, null)));
        calls.put("users.update", () -> users.update(caller, org, t.user().id(), t.user().version(),
                new UserInput(null, "changed", null, "disabled")));
        calls.put("users.delete", () -> users.delete(caller, org, t.user().id()));
        calls.put("resources.list", () -> resources.list(caller, org, PAGE));
        calls.put("resources.get", () -> resources.get(caller, org, t.resource().id()));
        calls.put("resources.create", () -> resources.create(caller, org,
                new ResourceInput("intruder", "h.example", 22, "ssh", t.pool().id(), null)));
        calls.put("resources.update", () -> resources.update(caller, org, t.resource().id(), t.resource().version(),
                new ResourceInput("changed", "h.example", 22, "ssh", t.pool().id(), null)));
        calls.put("resources.delete", () -> resources.delete(caller, org, t.resource().id()));
        calls.put("policies.list", () -> policies.list(caller, org, PAGE));
        calls.put("policies.get", () -> policies.get(caller, org, t.policy().id()));
        calls.put("policies.create", () -> policies.create(caller, org, policyInput("intruder", t)));
        calls.put("policies.update", () -> policies.update(caller, org, t.policy().id(), t.policy().version(),
                policyInput("changed", t)));
        calls.put("policies.delete", () -> policies.delete(caller, org, t.policy().id()));
        calls.put("sessions.list", () -> sessions.list(caller, org, null, PAGE));
        calls.put("sessions.terminate", () -> sessions.terminate(caller, org, t.session().id(), "because"));
        calls.put("pools.list", () -> pools.list(caller, org, PAGE));
        calls.put("entryPoints.list", () -> entryPoints.list(caller, org, PAGE));
        calls.put("audit.list", () -> orgAudit.list(caller, org, PAGE));
        return calls;
    }

    /** The read methods of {@link #everyMethod}: safe to run as people who may. */
    private Map<String, ThrowingCallable> reads(Caller caller, OrgFixtures.Tenant t) {
        Map<String, ThrowingCallable> calls = new LinkedHashMap<>(everyMethod(caller, t));
        calls.keySet().removeIf(name -> name.endsWith(".create") || name.endsWith(".update")
                || name.endsWith(".delete") || name.endsWith(".terminate"));
        return calls;
    }

    private static void denied(String who, Map<String, ThrowingCallable> calls, Class<? extends Throwable> expected) {
        DomainMatrix.expectDenied(DomainMatrix.ORGANIZATION, who, calls, expected);
    }

    private static PolicyInput policyInput(String name, OrgFixtures.Tenant t) {
        return new PolicyInput(name, EnumSet.of(DayOfWeek.MONDAY), "08:00", "17:00", "Europe/Moscow", false, true,
                Set.of(t.user().id()), Set.of(t.resource().id()), Set.of(t.entry().id()));
    }

    private void assertUnchanged(OrgFixtures.Tenant t) {
        assertThat(users.get(owner(), t.org().id(), t.user().id())).isEqualTo(t.user());
        assertThat(resources.get(owner(), t.org().id(), t.resource().id())).isEqualTo(t.resource());
        assertThat(policies.get(owner(), t.org().id(), t.policy().id())).isEqualTo(t.policy());
        assertThat(sessions.list(owner(), t.org().id(), null, PAGE).items()).extracting(AccessSessionView::status)
                .containsExactly("active");
        assertThat(users.list(owner(), t.org().id(), PAGE).total()).isEqualTo(1);
    }

    @Test
    void anOrganizationAdminIsRefusedEveryMethodOfAnotherOrganization() {
        OrgFixtures.Tenant[] t = twoTenants();
        OrgFixtures.Tenant a = t[0];
        OrgFixtures.Tenant b = t[1];
        long before = orgAudit.list(owner(), b.org().id(), PAGE).total();

        denied("org admin of A on B", everyMethod(a.admin(), b), AccessDeniedException.class);

        assertUnchanged(b);
        assertThat(orgAudit.list(owner(), b.org().id(), PAGE).total()).isEqualTo(before);
    }

    @Test
    void anotherTenantsObjectsAreNotFoundThroughOnesOwnOrganization() {
        OrgFixtures.Tenant[] t = twoTenants();
        OrgFixtures.Tenant a = t[0];
        OrgFixtures.Tenant b = t[1];
        UUID orgA = a.org().id();
        Caller admin = a.admin();

        Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
        calls.put("users.get", () -> users.get(admin, orgA, b.user().id()));
        calls.put("users.update", () -> users.update(admin, orgA, b.user().id(), b.user().version(),
                new UserInput(null, "hijacked", null, "disabled")));
        calls.put("users.delete", () -> users.delete(admin, orgA, b.user().id()));
        calls.put("resources.get", () -> resources.get(admin, orgA, b.resource().id()));
        calls.put("resources.update", () -> resources.update(admin, orgA, b.resource().id(), b.resource().version(),
                new ResourceInput("hijacked", "h.example", 22, "ssh", a.pool().id(), null)));
        calls.put("resources.delete", () -> resources.delete(admin, orgA, b.resource().id()));
        calls.put("resources.create with B's pool", () -> resources.create(admin, orgA,
                new ResourceInput("sneaky", "h.example", 22, "ssh", b.pool().id(), null)));
        calls.put("policies.get", () -> policies.get(admin, orgA, b.policy().id()));
        calls.put("policies.update", () -> policies.update(admin, orgA, b.policy().id(), b.policy().version(),
                policyInput("hijacked", a)));
        calls.put("policies.delete", () -> policies.delete(admin, orgA, b.policy().id()));
        calls.put("policies.create with B's user", () -> policies.create(admin, orgA, new PolicyInput("mixed",
                EnumSet.allOf(DayOfWeek.class), "00:00", "24:00", "UTC", false, true, Set.of(b.user().id()),
                Set.of(a.resource().id()), Set.of(a.entry().id()))));
        calls.put("policies.create with B's resource", () -> policies.create(admin, orgA, new PolicyInput("mixed",
                EnumSet.allOf(DayOfWeek.class), "00:00", "24:00", "UTC", false, true, Set.of(a.user().id()),
                Set.of(b.resource().id()), Set.of(a.entry().id()))));
        calls.put("policies.create with B's entry point", () -> policies.create(admin, orgA, new PolicyInput("mixed",
                EnumSet.allOf(DayOfWeek.class), "00:00", "24:00", "UTC", false, true, Set.of(a.user().id()),
                Set.of(a.resource().id()), Set.of(b.entry().id()))));
        calls.put("sessions.terminate", () -> sessions.terminate(admin, orgA, b.session().id(), "because"));
        // ids of nobody's objects are refused the same way: never dropped, never saved without them
        UUID unknown = UUID.randomUUID();
        calls.put("policies.create with an unknown user id", () -> policies.create(admin, orgA, new PolicyInput("ghost",
                EnumSet.allOf(DayOfWeek.class), "00:00", "24:00", "UTC", false, true, Set.of(a.user().id(), unknown),
                Set.of(a.resource().id()), Set.of(a.entry().id()))));
        calls.put("policies.update with B's user", () -> policies.update(admin, orgA, a.policy().id(),
                a.policy().version(), new PolicyInput("mixed", EnumSet.allOf(DayOfWeek.class), "00:00", "24:00", "UTC",
                        false, true, Set.of(a.user().id(), b.user().id()), Set.of(a.resource().id()),
                        Set.of(a.entry().id()))));
        calls.put("resources.create with an unknown pool", () -> resources.create(admin, orgA,
                new ResourceInput("ghost", "h.example", 22, "ssh", unknown, null)));
        calls.put("resources.update onto B's pool", () -> resources.update(admin, orgA, a.resource().id(),
                a.resource().version(), new ResourceInput("moved", "h.example", 22, "ssh", b.pool().id(), null)));
        denied("org admin of A, B's ids in A", calls, NotFoundException.class);

        assertUnchanged(b);
        assertUnchanged(a);
        assertThat(policies.list(owner(), orgA, PAGE).items()).extracting(PolicyView::name)
                .containsExactly(a.policy().name());
        // A's own lists hold only A's rows
        assertThat(users.list(admin, orgA, PAGE).items()).extracting(OrganizationUserView::username)
                .containsExactly(a.user().username());
        assertThat(resources.list(admin, orgA, PAGE).items()).extracting(ResourceView::id)
                .containsExactly(a.resource().id());
        assertThat(sessions.list(admin, orgA, null, PAGE).items()).extracting(AccessSessionView::id)
                .containsExactly(a.session().id());
        assertThat(orgAudit.list(admin, orgA, PAGE).items().toString()).doesNotContain(b.marker(),
                b.marker().toLowerCase(Locale.ROOT));
    }

    @Test
    void aPersonWithoutAGrantIsRefusedEverythingAndSeesNoOrganization() {
        OrgFixtures.Tenant a = twoTenants()[0];
        Caller noGrant = OrgFixtures.orgAdmin("nobody-" + UUID.randomUUID().toString().substring(0, 6));
        Caller anonymousLike = new Caller("x", "x", Set.of(), Optional.empty());

        denied("org-admin role without grant", everyMethod(noGrant, a), AccessDeniedException.class);
        denied("logged-in user without grant", everyMethod(anonymousLike, a), AccessDeniedException.class);
        denied("anonymous", everyMethod(null, a), AccessDeniedException.class);
        assertThat(organizations.listAdministered(noGrant, PAGE).total()).isZero();
        DomainMatrix.expectDenied(DomainMatrix.ORGANIZATION, "org-admin role without grant", "organizations.listAll",
                () -> organizations.listAll(noGrant, PAGE), AccessDeniedException.class);
        assertUnchanged(a);
    }

    @Test
    void aClusterAdminHasNoOrganizationAccessEvenForTheClusterThatServesIt() {
        OrgFixtures.Tenant a = twoTenants()[0];
        String username = "ca-" + UUID.randomUUID().toString().substring(0, 6);
        fixtures.grantCluster(username, a.cluster().id());
        Caller clusterAdmin = OrgFixtures.clusterAdmin(username);

        denied("cluster admin of the serving cluster", everyMethod(clusterAdmin, a), AccessDeniedException.class);

        // an organization grant does not help without the org-admin realm role
        fixtures.grant(username, a.org().id());
        denied("cluster admin (with an organization grant row)", everyMethod(clusterAdmin, a),
                AccessDeniedException.class);
        assertThat(organizations.listAdministered(clusterAdmin, PAGE).total()).isZero();
        assertUnchanged(a);
    }

    @Test
    void thePlatformOwnerReadsEveryOrganizationAndTheSwitcherListsExactlyTheGrantedOnes() {
        OrgFixtures.Tenant[] t = twoTenants();
        DomainMatrix.expectAllowed(DomainMatrix.ORGANIZATION, "platform owner on B", reads(owner(), t[1]));
        DomainMatrix.expectAllowed(DomainMatrix.ORGANIZATION, "org admin of A on A", reads(t[0].admin(), t[0]));
        assertThat(organizations.get(owner(), t[1].org().id()).name()).isEqualTo(t[1].org().name());
        assertThat(organizations.listAll(owner(), PAGE).items()).extracting(o -> o.id())
                .contains(t[0].org().id(), t[1].org().id());
        assertThatCode(() -> orgAudit.list(owner(), t[1].org().id(), PAGE)).doesNotThrowAnyException();

        // one person administering A and a third organization C, never B
        OrgFixtures.Tenant c = fixtures.tenant(t[0].cluster(), marker("TC"));
        fixtures.grant(t[0].admin().username(), c.org().id());
        assertThat(organizations.listAdministered(t[0].admin(), PAGE).items()).extracting(OrganizationView::id)
                .containsExactlyInAnyOrder(t[0].org().id(), c.org().id());
        assertThatCode(() -> users.list(t[0].admin(), c.org().id(), PAGE)).doesNotThrowAnyException();
    }

    @Test
    void everyMutationIsAuditedInItsOwnOrganizationsLog() {
        OrgFixtures.Tenant[] t = twoTenants();
        OrgFixtures.Tenant a = t[0];
        UUID org = a.org().id();
        Caller admin = a.admin();

        OrganizationUserView extra = users.create(admin, org, new UserInput("Extra-" + a.marker(), "Extra", null, null));
        assertThat(extra.username()).isEqualTo(("extra-" + a.marker()).toLowerCase(Locale.ROOT));
        OrganizationUserView disabled = users.update(admin, org, extra.id(), extra.version(),
                new UserInput(null, "Extra person", "extra@example.org", "disabled"));
        assertThat(disabled.status()).isEqualTo("disabled");
        assertThat(disabled.version()).isGreaterThan(extra.version());
        users.delete(admin, org, extra.id());

        ResourceView ssh = resources.create(admin, org, new ResourceInput("Shell", "10.1.2.3", null, "ssh",
                a.pool().id(), null));
        assertThat(ssh.port()).isEqualTo(22);
        ResourceView moved = resources.update(admin, org, ssh.id(), ssh.version(),
                new ResourceInput("Shell", "10.1.2.4", 2222, "ssh", a.pool().id(), null));
        resources.delete(admin, org, moved.id());

        PolicyView updated = policies.update(admin, org, a.policy().id(), a.policy().version(), policyInput("Weekdays", a));
        assertThat(updated.days()).containsExactly(DayOfWeek.MONDAY);
        assertThat(updated.windowStart()).isEqualTo("08:00");
        assertThat(updated.users()).extracting(PolicyView.Member::name).containsExactly(a.user().username());
        sessions.terminate(admin, org, a.session().id(), "left the company");
        policies.delete(admin, org, a.policy().id());

        List<OrganizationAuditView> events = orgAudit.list(admin, org, PAGE).items();
        assertThat(events).extracting(OrganizationAuditView::eventType).contains("org.created", "access.grant_created",
                "org.egress_pool_created", "org.entry_point_created", "org.user_created", "org.user_updated",
                "org.user_deleted", "org.resource_created", "org.resource_updated", "org.resource_deleted",
                "org.policy_created", "org.policy_updated", "org.policy_deleted", "org.session_started",
                "org.session_terminated");
        assertThat(events).filteredOn(e -> e.eventType().equals("org.session_terminated")).singleElement()
                .satisfies(e -> {
                    assertThat(e.actor()).isEqualTo(admin.username());
                    assertThat(e.targetId()).isEqualTo(a.session().id().toString());
                    assertThat(e.details()).containsEntry("reason", "left the company");
                });
        assertThat(events).filteredOn(e -> e.eventType().equals("org.user_updated")).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("status", "disabled")
                        .containsEntry("previousStatus", "active"));
        assertThat(sessions.list(admin, org, "terminated", PAGE).items()).singleElement()
                .satisfies(s -> assertThat(s.terminatedBy()).isEqualTo(admin.username()));
        // B's log has none of it
        assertThat(orgAudit.list(owner(), t[1].org().id(), PAGE).items()).extracting(OrganizationAuditView::targetId)
                .doesNotContain(a.session().id().toString(), a.policy().id().toString(), extra.id().toString());
        assertThat(audit.verifyChain(owner()).intact()).isTrue();
        for (String method : List.of("users.create", "users.update", "users.delete", "resources.create",
                "resources.update", "resources.delete", "policies.update", "policies.delete", "sessions.terminate")) {
            DomainMatrix.row(DomainMatrix.ORGANIZATION, "org admin of A on A", method, "allow (audited in A's log)",
                    "ALLOWED, audited");
        }
    }

    @Test
    void aStaleFormIsRefusedAndChangesNothing() {
        OrgFixtures.Tenant a = twoTenants()[0];
        users.update(a.admin(), a.org().id(), a.user().id(), a.user().version(),
                new UserInput(null, "First admin's change", null, "active"));
        assertThatThrownBy(() -> users.update(a.admin(), a.org().id(), a.user().id(), a.user().version(),
                new UserInput(null, "Second admin's change", null, "disabled")))
                .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("code", "stale_version");
        assertThat(users.get(owner(), a.org().id(), a.user().id()).displayName()).isEqualTo("First admin's change");
        assertThatThrownBy(() -> policies.update(a.admin(), a.org().id(), a.policy().id(), a.policy().version() + 5,
                policyInput("x", a))).isInstanceOf(ConflictException.class);
    }

    @Test
    void grantsNeedTheOwnerWithStepUpAndARevocationEndsAccessAtOnce() {
        OrgFixtures.Tenant a = twoTenants()[0];
        String username = "late-" + UUID.randomUUID().toString().substring(0, 6);
        NewAdminGrant grant = new NewAdminGrant(username, AdminGrant.ORGANIZATION, a.org().id());
        DomainMatrix.expectDenied(DomainMatrix.ORGANIZATION, "platform owner without step-up", "grants.grant",
                () -> grants.grant(TrustFixtures.ownerWithoutStepUp(), grant), StepUpRequiredException.class);
        DomainMatrix.expectDenied(DomainMatrix.ORGANIZATION, "org admin of A on A", "grants.grant",
                () -> grants.grant(a.admin(), grant), AccessDeniedException.class);
        assertThatThrownBy(() -> grants.grant(owner(), new NewAdminGrant(username, AdminGrant.ORGANIZATION,
                UUID.randomUUID()))).isInstanceOf(NotFoundException.class);

        AdminGrantView created = grants.grant(owner(), grant);
        assertThat(created.targetName()).isEqualTo(a.org().name());
        assertThatThrownBy(() -> grants.grant(owner(), grant)).isInstanceOf(ConflictException.class)
                .hasFieldOrPropertyWithValue("code", "grant_exists");
        Caller late = OrgFixtures.orgAdmin(username);
        assertThatCode(() -> users.list(late, a.org().id(), PAGE)).doesNotThrowAnyException();

        assertThatThrownBy(() -> grants.revoke(TrustFixtures.ownerWithoutStepUp(), created.id()))
                .isInstanceOf(StepUpRequiredException.class);
        grants.revoke(owner(), created.id());
        assertThatThrownBy(() -> users.list(late, a.org().id(), PAGE)).isInstanceOf(AccessDeniedException.class);
        assertThat(grants.list(owner(), true, PAGE).items()).filteredOn(g -> g.id().equals(created.id()))
                .singleElement().satisfies(g -> assertThat(g.revokedBy()).isEqualTo(owner().username()));
        assertThat(grants.list(owner(), false, PAGE).items()).extracting(AdminGrantView::id).doesNotContain(created.id());

        assertThat(orgAudit.list(owner(), a.org().id(), PAGE).items())
                .filteredOn(e -> created.id().toString().equals(e.targetId()))
                .extracting(OrganizationAuditView::eventType)
                .containsExactly("access.grant_revoked", "access.grant_created");
    }

    @Test
    void aSessionNeedsACoveringPolicyAndMfaWhenItAsksAndRefusalsAreAudited() {
        OrgFixtures.Tenant[] t = twoTenants();
        OrgFixtures.Tenant a = t[0];
        UUID org = a.org().id();
        Caller withoutMfa = new Caller("s", a.user().username(), Set.of(), Optional.empty());
        assertThatThrownBy(() -> sessions.request(withoutMfa, org, a.resource().id(), a.entry().id()))
                .isInstanceOf(AccessRefusedException.class).hasFieldOrPropertyWithValue("code", "mfa_required");
        // B's user is nobody in A; A's user cannot use B's resource through A
        assertThatThrownBy(() -> sessions.request(t[1].userCaller(), org, a.resource().id(), a.entry().id()))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> sessions.request(a.userCaller(), org, t[1].resource().id(), a.entry().id()))
                .isInstanceOf(NotFoundException.class);

        // a policy outside its hours allows nothing
        policies.update(a.admin(), org, a.policy().id(), a.policy().version(), new PolicyInput("Never now",
                EnumSet.of(Instant.now().atZone(java.time.ZoneOffset.UTC).getDayOfWeek().plus(1)), "00:00", "24:00",
                "UTC", false, true, Set.of(a.user().id()), Set.of(a.resource().id()), Set.of(a.entry().id())));
        assertThatThrownBy(() -> sessions.request(a.userCaller(), org, a.resource().id(), a.entry().id()))
                .isInstanceOf(AccessRefusedException.class).hasFieldOrPropertyWithValue("code", "access_refused");
        assertThat(orgAudit.list(a.admin(), org, PAGE).items()).filteredOn(e -> e.eventType().equals("org.session_refused"))
                .extracting(e -> e.details().get("code")).containsExactly("access_refused", "mfa_required");
        assertThat(sessions.list(a.admin(), org, null, PAGE).total()).isEqualTo(1);

        // the user ends their own session; an admin can no longer terminate it
        sessions.end(a.userCaller(), org, a.session().id());
        assertThatThrownBy(() -> sessions.terminate(a.admin(), org, a.session().id(), "x"))
                .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("code", "session_not_open");
    }

    @Test
    void policyChangesWaitForAHealthyClusterAuthority() {
        OrgFixtures.Tenant a = twoTenants()[0];
        clusters.changeAuthority(owner(), a.cluster().id(), "minority_partition", "lost quorum");
        assertThatThrownBy(() -> policies.update(a.admin(), a.org().id(), a.policy().id(), a.policy().version(),
                policyInput("During partition", a))).isInstanceOf(AuthorityNotHealthyException.class);
        assertThat(policies.get(owner(), a.org().id(), a.policy().id())).isEqualTo(a.policy());
        assertThat(audit.list(owner(), AuditFilter.none().withCluster(a.cluster().id())
                .withEventType("org.policy_change_refused"), PAGE).items()).hasSize(1);
    }

    @Test
    void egressPoolsAndVpnServicesShowOnlyASafeStatusNeverTheirNodes() throws Exception {
        OrgFixtures.Tenant[] t = twoTenants();
        OrgFixtures.Tenant a = t[0];
        UUID org = a.org().id();
        OrgFixtures.EnrolledNode node = fixtures.enrollHealthyNode(a.cluster(), "exit-" + a.marker().toLowerCase(Locale.ROOT));
        assertThat(pools.list(a.admin(), org, PAGE).items()).extracting(EgressPoolView::status)
                .containsExactly(SafeStatus.UNAVAILABLE);

        assertThatThrownBy(() -> pools.addNode(TrustFixtures.ownerWithoutStepUp(), org, a.pool().id(), node.nodeId()))
                .isInstanceOf(StepUpRequiredException.class);
        assertThatThrownBy(() -> pools.addNode(owner(), org, t[1].pool().id(), node.nodeId()))
                .isInstanceOf(NotFoundException.class);
        pools.addNode(owner(), org, a.pool().id(), node.nodeId());
        assertThat(pools.list(a.admin(), org, PAGE).items()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo(a.pool().name());
            assertThat(p.status()).isEqualTo(SafeStatus.AVAILABLE);
        });
        fixtures.heartbeat(node.nodeId(), a.cluster().id(), node.key(), "degraded");
        assertThat(pools.list(a.admin(), org, PAGE).items()).extracting(EgressPoolView::status)
                .containsExactly(SafeStatus.DEGRADED);
        // B's pool is not affected by A's node
        assertThat(pools.list(t[1].admin(), t[1].org().id(), PAGE).items()).extracting(EgressPoolView::status)
                .containsExactly(SafeStatus.UNAVAILABLE);

        // a VPN exit role limited to A (role assignments get their own service later; the row is what it reads)
        execute("insert into node_role_assignments (id, cluster_id, node_id, role, organization_id, status,"
                        + " assigned_by, assigned_at, created_at, updated_at) values (?, ?, ?, 'vpn-exit', ?, 'active',"
                        + " 'it', now(), now(), now())", UUID.randomUUID(), a.cluster().id(), node.nodeId(), org);
        List<ConnectorStatusView> connectors = organizations.connectors(a.admin(), org);
        assertThat(connectors).extracting(ConnectorStatusView::role, ConnectorStatusView::assigned,
                ConnectorStatusView::status).containsExactly(
                        tuple("vpn-exit", 1L, SafeStatus.DEGRADED),
                        tuple("vpn-connector", 0L, SafeStatus.NOT_CONFIGURED));
        assertThat(organizations.connectors(t[1].admin(), t[1].org().id())).extracting(ConnectorStatusView::assigned)
                .containsExactly(0L, 0L);

        // nothing the organization can read names the node
        String everything = String.valueOf(pools.list(a.admin(), org, PAGE)) + organizations.dashboard(a.admin(), org)
                + orgAudit.list(a.admin(), org, PAGE) + connectors;
        assertThat(everything).doesNotContain(node.nodeId().toString(), node.name(), "192.0.2.10");
        // while the owner's log does record the placement
        List<AuditView> placement = audit.list(owner(), AuditFilter.none().withNode(node.nodeId())
                .withEventType("fabric.egress_pool_node_added"), PAGE).items();
        assertThat(placement).singleElement().satisfies(e -> assertThat(e.targetId()).isEqualTo(a.pool().id().toString()));
    }

    @Test
    void onlyTheOwnerPublishesEntryPointsAndPools() {
        OrgFixtures.Tenant a = twoTenants()[0];
        DomainMatrix.expectDenied(DomainMatrix.ORGANIZATION, "org admin of A on A", "entryPoints.create",
                () -> entryPoints.create(a.admin(), a.org().id(), new NewEntryPoint("x", "x.example", 443)),
                AccessDeniedException.class);
        DomainMatrix.expectDenied(DomainMatrix.ORGANIZATION, "org admin of A on A", "pools.create",
                () -> pools.create(a.admin(), a.org().id(), new NewEgressPool("x", null)), AccessDeniedException.class);
        assertThat(entryPoints.list(a.admin(), a.org().id(), PAGE).total()).isEqualTo(1);
    }

    private void execute(String sql, Object... parameters) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.executeUpdate();
        }
    }
}
