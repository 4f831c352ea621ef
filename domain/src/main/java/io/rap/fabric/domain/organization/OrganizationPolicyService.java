package io.rap.fabric.domain.organization;

import io.rap.fabric.domain.access.AccessPolicy;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.audit.AuditEntry;
import io.rap.fabric.domain.audit.AuditLog;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.shared.ConflictException;
import io.rap.fabric.domain.shared.NotFoundException;
import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Access policies of an organization. Changing a policy is a policy mutation in the sense of
 * DESIGN.md golden rule 5: refused while the serving cluster's authority is not healthy.
 */
@ApplicationScoped
@Transactional
public class OrganizationPolicyService {

    private static final String USERS = "organization_policy_users";
    private static final String RESOURCES = "organization_policy_resources";
    private static final String ENTRY_POINTS = "organization_policy_entry_points";

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    AccessPolicy access;

    @Inject
    AuditLog audit;

    @Inject
    TenantRepository tenants;

    @Inject
    ClusterService clusters;

    @Inject
    Clock clock;

    public Page<PolicyView> list(Caller caller, UUID organizationId, PageRequest page) {
        access.requireOrganizationAdmin(caller, organizationId);
        return tenants.page(OrganizationPolicy.class, organizationId, "e.name", page, this::view);
    }

    public PolicyView get(Caller caller, UUID organizationId, UUID policyId) {
        access.requireOrganizationAdmin(caller, organizationId);
        return view(tenants.require(OrganizationPolicy.class, organizationId, policyId, "Policy"));
    }

    public PolicyView create(Caller caller, UUID organizationId, PolicyInput input) {
        access.requireOrganizationAdmin(caller, organizationId);
        Organization org = tenants.organization(organizationId).orElseThrow(() -> new NotFoundException("Organization"));
        PolicyInput.Checked checked = input.check();
        requireMembers(organizationId, input);
        requireUniqueName(organizationId, checked.name(), null);
        OrganizationPolicy policy = new OrganizationPolicy(organizationId, checked, clock.instant());
        clusters.requireHealthyAuthority(caller, org.clusterId(), "org.policy_change_refused", "organization_policy",
                policy.id());
        em.persist(policy);
        em.flush();
        writeMembers(policy, input);
        audit.record(described(AuditEntry.byPerson(caller, "org.policy_created"), policy, input).build());
        return view(policy);
    }

    public PolicyView update(Caller caller, UUID organizationId, UUID policyId, long expectedVersion,
                             PolicyInput input) {
        access.requireOrganizationAdmin(caller, organizationId);
        Organization org = tenants.organization(organizationId).orElseThrow(() -> new NotFoundException("Organization"));
        OrganizationPolicy policy = tenants.require(OrganizationPolicy.class, organizationId, policyId, "Policy");
        Versions.require(policy.version(), expectedVersion);
        PolicyInput.Checked checked = input.check();
        requireMembers(organizationId, input);
        requireUniqueName(organizationId, checked.name(), policyId);
        clusters.requireHealthyAuthority(caller, org.clusterId(), "org.policy_change_refused", "organization_policy",
                policyId);
        policy.apply(checked, clock.instant());
        em.flush();
        writeMembers(policy, input);
        audit.record(described(AuditEntry.byPerson(caller, "org.policy_updated"), policy, input).build());
        return view(policy);
    }

    public void delete(Caller caller, UUID organizationId, UUID policyId) {
        access.requireOrganizationAdmin(caller, organizationId);
        Organization org = tenants.organization(organizationId).orElseThrow(() -> new NotFoundException("Organization"));
        OrganizationPolicy policy = tenants.require(OrganizationPolicy.class, organizationId, policyId, "Policy");
        clusters.requireHealthyAuthority(caller, org.clusterId(), "org.policy_change_refused", "organization_policy",
                policyId);
        for (String table : List.of(USERS, RESOURCES, ENTRY_POINTS)) {
            em.createNativeQuery("delete from " + table + " where policy_id = :p and organization_id = :org")
                    .setParameter("p", policyId).setParameter("org", organizationId).executeUpdate();
        }
        em.remove(policy);
        audit.record(AuditEntry.byPerson(caller, "org.policy_deleted").organization(organizationId)
                .target("organization_policy", policyId).detail("name", policy.name()).build());
    }

    /** Every member must belong to this organization; one that does not is "not found", never "forbidden". */
    private void requireMembers(UUID organizationId, PolicyInput input) {
        if (tenants.countOwned(OrganizationUser.class, organizationId, input.userIds()) != input.userIds().size()) {
            throw new NotFoundException("User");
        }
        if (tenants.countOwned(OrganizationResource.class, organizationId, input.resourceIds())
                != input.resourceIds().size()) {
            throw new NotFoundException("Resource");
        }
        if (tenants.countOwned(EntryPoint.class, organizationId, input.entryPointIds())
                != input.entryPointIds().size()) {
            throw new NotFoundException("Entry point");
        }
    }

    private void requireUniqueName(UUID organizationId, String name, UUID except) {
        boolean taken = em.createQuery("select p.id from OrganizationPolicy p where p.organizationId = :org"
                        + " and p.name = :name", UUID.class)
                .setParameter("org", organizationId).setParameter("name", name).getResultStream()
                .anyMatch(id -> !id.equals(except));
        if (taken) {
            throw new ConflictException("name_taken", "The organization already has a policy named " + name);
        }
    }

    private void writeMembers(OrganizationPolicy policy, PolicyInput input) {
        replace(USERS, "user_id", policy, input.userIds());
        replace(RESOURCES, "resource_id", policy, input.resourceIds());
        replace(ENTRY_POINTS, "entry_point_id", policy, input.entryPointIds());
    }

    private void replace(String table, String column, OrganizationPolicy policy, Set<UUID> ids) {
        em.createNativeQuery("delete from " + table + " where policy_id = :p and organization_id = :org")
                .setParameter("p", policy.id()).setParameter("org", policy.organizationId()).executeUpdate();
        for (UUID id : ids) {
            em.createNativeQuery("insert into " + table + " (policy_id, organization_id, " + column
                            + ") values (:p, :org, :m)")
                    .setParameter("p", policy.id()).setParameter("org", policy.organizationId()).setParameter("m", id)
                    .executeUpdate();
        }
    }

    private AuditEntry.Builder described(AuditEntry.Builder entry, OrganizationPolicy policy, PolicyInput input) {
        TimeWindow w = policy.window();
        return entry.organization(policy.organizationId()).target("organization_policy", policy.id())
                .detail("name", policy.name()).detail("days", w.days()).detail("window", w.start() + "-" + w.end())
                .detail("timeZone", w.zone().getId()).detail("mfaRequired", policy.mfaRequired())
                .detail("enabled", policy.enabled()).detail("users", input.userIds().size())
                .detail("resources", input.resourceIds().size()).detail("entryPoints", input.entryPointIds().size());
    }

    private PolicyView view(OrganizationPolicy p) {
        TimeWindow w = p.window();
        return new PolicyView(p.id(), p.name(), w.days(), w.start(), w.end(), w.zone().getId(), p.mfaRequired(),
                p.enabled(),
                members("select u.id, u.username from organization_policy_users m join organization_users u"
                        + " on u.id = m.user_id and u.organization_id = m.organization_id", p),
                members("select r.id, r.name from organization_policy_resources m join organization_resources r"
                        + " on r.id = m.resource_id and r.organization_id = m.organization_id", p),
                members("select e.id, e.name from organization_policy_entry_points m join entry_points e"
                        + " on e.id = m.entry_point_id and e.organization_id = m.organization_id", p),
                p.version());
    }

    private List<PolicyView.Member> members(String select, OrganizationPolicy p) {
        List<?> rows = em.createNativeQuery(select + " where m.policy_id = :p and m.organization_id = :org order by 2")
                .setParameter("p", p.id()).setParameter("org", p.organizationId()).getResultList();
        List<PolicyView.Member> members = new ArrayList<>();
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            members.add(new PolicyView.Member((UUID) r[0], (String) r[1]));
        }
        return members;
    }
}
