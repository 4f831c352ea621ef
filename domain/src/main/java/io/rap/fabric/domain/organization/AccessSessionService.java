package io.rap.fabric.domain.organization;

import io.rap.fabric.domain.access.AccessDeniedException;
import io.rap.fabric.domain.access.AccessPolicy;
import io.rap.fabric.domain.access.AdminGrantRepository;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.audit.AuditEntry;
import io.rap.fabric.domain.audit.AuditLog;
import io.rap.fabric.domain.audit.RefusalAudit;
import io.rap.fabric.domain.shared.ConflictException;
import io.rap.fabric.domain.shared.Inputs;
import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.domain.shared.ValidationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Access sessions, modeled without traffic: an organization user asks to reach a resource
 * through an entry point, an enabled policy naming all three must cover the moment (and MFA if it
 * asks for it), and the session starts; its user ends it, or an organization admin terminates it.
 */
@ApplicationScoped
@Transactional
public class AccessSessionService {

    public static final List<String> STATUSES = List.of(AccessSession.REQUESTED, AccessSession.ACTIVE,
            AccessSession.ENDED, AccessSession.TERMINATED);

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    AccessPolicy access;

    @Inject
    AuditLog audit;

    @Inject
    RefusalAudit refusals;

    @Inject
    TenantRepository tenants;

    @Inject
    Clock clock;

    /** Newest first; {@code status} null means every status. */
    public Page<AccessSessionView> list(Caller caller, UUID organizationId, String status, PageRequest page) {
        access.requireOrganizationAdmin(caller, organizationId);
        if (status != null && !STATUSES.contains(status)) {
            throw new ValidationException("status", "Use one of " + STATUSES);
        }
        String where = " where s.organizationId = :org" + (status == null ? "" : " and s.status = :status");
        TypedQuery<Object[]> query = em.createQuery("select s, u.username, r.name, r.protocol, e.name"
                + " from AccessSession s"
                + " join OrganizationUser u on u.id = s.userId and u.organizationId = s.organizationId"
                + " join OrganizationResource r on r.id = s.resourceId and r.organizationId = s.organizationId"
                + " join EntryPoint e on e.id = s.entryPointId and e.organizationId = s.organizationId"
                + where + " order by s.requestedAt desc, s.id", Object[].class);
        TypedQuery<Long> count = em.createQuery("select count(s) from AccessSession s" + where, Long.class);
        query.setParameter("org", organizationId);
        count.setParameter("org", organizationId);
        if (status != null) {
            query.setParameter("status", status);
            count.setParameter("status", status);
        }
        List<AccessSessionView> items = query.setFirstResult(page.offset()).setMaxResults(page.limit())
                .getResultStream().map(AccessSessionService::view).toList();
        return new Page<>(items, count.getSingleResult(), page.offset(), page.limit());
    }

    /** An organization admin ends someone's requested or active session at once. */
    public void terminate(Caller caller, UUID organizationId, UUID sessionId, String reason) {
        access.requireOrganizationAdmin(caller, organizationId);
        String why = Inputs.required("reason", reason, 500);
        AccessSession session = tenants.require(AccessSession.class, organizationId, sessionId, "Session");
        em.lock(session, LockModeType.PESSIMISTIC_WRITE);
        em.refresh(session);
        if (!session.isOpen()) {
            throw new ConflictException("session_not_open", "The session is already " + session.status());
        }
        session.terminate(caller.username(), why, clock.instant());
        audit.record(AuditEntry.byPerson(caller, "org.session_terminated").organization(organizationId)
                .target("access_session", sessionId).detail("reason", why).build());
    }

    /**
     * The caller asks, as an organization user, to reach a resource through an entry point. The
     * caller's authority is being an active user of the organization (by Keycloak username); a
     * refusal is audited in the organization's log and changes nothing else.
     */
    public AccessSessionView request(Caller caller, UUID organizationId, UUID resourceId, UUID entryPointId) {
        OrganizationUser user = activeUser(caller, organizationId);
        OrganizationResource resource = tenants.require(OrganizationResource.class, organizationId, resourceId,
                "Resource");
        EntryPoint entry = tenants.require(EntryPoint.class, organizationId, entryPointId, "Entry point");
        Instant now = clock.instant();
        boolean mfa = caller.strongAuthAt().isPresent();
        List<OrganizationPolicy> candidates = matching(organizationId, user.id(), resourceId, entryPointId);
        OrganizationPolicy allowing = null;
        boolean mfaWouldHelp = false;
        if (entry.isActive()) {
            for (OrganizationPolicy policy : candidates) {
                if (!policy.window().covers(now)) {
                    continue;
                }
                if (policy.mfaRequired() && !mfa) {
                    mfaWouldHelp = true;
                    continue;
                }
                allowing = policy;
                break;
            }
        }
        if (allowing == null) {
            AccessRefusedException refusal = mfaWouldHelp
                    ? new AccessRefusedException("mfa_required", "This access needs a sign-in with your one-time code")
                    : new AccessRefusedException("access_refused", "No policy allows this access now");
            refusals.recordForOrganization(caller, "org.session_refused", organizationId, "organization_resource",
                    resourceId, refusal);
            throw refusal;
        }
        AccessSession session = new AccessSession(organizationId, user.id(), resource.id(), entry.id(), allowing.id(),
                mfa, now);
        em.persist(session);
        audit.record(AuditEntry.byPerson(caller, "org.session_started").organization(organizationId)
                .target("access_session", session.id()).detail("resource", resource.name())
                .detail("entryPoint", entry.name()).detail("policy", allowing.name()).detail("mfa", mfa).build());
        return new AccessSessionView(session.id(), user.username(), resource.name(), resource.protocol(), entry.name(),
                session.status(), mfa, now, now, null, null, null);
    }

    /** The session's own user ends it. */
    public void end(Caller caller, UUID organizationId, UUID sessionId) {
        OrganizationUser user = activeUser(caller, organizationId);
        AccessSession session = tenants.find(AccessSession.class, organizationId, sessionId)
                .filter(s -> s.userId().equals(user.id()))
                .orElseThrow(() -> new io.rap.fabric.domain.shared.NotFoundException("Session"));
        if (!session.isOpen()) {
            throw new ConflictException("session_not_open", "The session is already " + session.status());
        }
        session.end(clock.instant());
        audit.record(AuditEntry.byPerson(caller, "org.session_ended").organization(organizationId)
                .target("access_session", sessionId).build());
    }

    /** Authorization of an organization user: active, in this organization, by Keycloak username. */
    private OrganizationUser activeUser(Caller caller, UUID organizationId) {
        if (caller == null || organizationId == null) {
            throw new AccessDeniedException("Sign in as a user of this organization");
        }
        return em.createQuery("select u from OrganizationUser u where u.organizationId = :org and u.username = :u"
                        + " and u.status = 'active'", OrganizationUser.class)
                .setParameter("org", organizationId)
                .setParameter("u", AdminGrantRepository.normalize(caller.username()))
                .getResultStream().findFirst()
                .orElseThrow(() -> new AccessDeniedException("You are not an active user of this organization"));
    }

    /** Enabled policies of the organization that name this user, resource and entry point. */
    private List<OrganizationPolicy> matching(UUID organizationId, UUID userId, UUID resourceId, UUID entryPointId) {
        List<?> ids = em.createNativeQuery("select p.id from organization_policies p"
                        + " join organization_policy_users u on u.policy_id = p.id and u.user_id = :u"
                        + " join organization_policy_resources r on r.policy_id = p.id and r.resource_id = :r"
                        + " join organization_policy_entry_points e on e.policy_id = p.id and e.entry_point_id = :e"
                        + " where p.organization_id = :org and p.enabled order by p.name")
                .setParameter("u", userId).setParameter("r", resourceId).setParameter("e", entryPointId)
                .setParameter("org", organizationId).getResultList();
        List<OrganizationPolicy> result = new ArrayList<>();
        for (Object id : ids) {
            tenants.find(OrganizationPolicy.class, organizationId, (UUID) id).ifPresent(result::add);
        }
        return result;
    }

    private static AccessSessionView view(Object[] row) {
        AccessSession s = (AccessSession) row[0];
        return new AccessSessionView(s.id(), (String) row[1], (String) row[2], (String) row[3], (String) row[4],
                s.status(), s.mfaUsed(), s.requestedAt(), s.startedAt(), s.endedAt(), s.terminatedBy(),
                s.terminationReason());
    }
}
