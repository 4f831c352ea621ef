package io.rap.fabric.domain.organization;

import io.rap.fabric.domain.access.AccessPolicy;
import io.rap.fabric.domain.access.AdminGrantRepository;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.audit.AuditEntry;
import io.rap.fabric.domain.audit.AuditLog;
import io.rap.fabric.domain.shared.ConflictException;
import io.rap.fabric.domain.shared.Inputs;
import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.domain.shared.ValidationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.UUID;

/** The people of an organization who may use its resources. */
@ApplicationScoped
@Transactional
public class OrganizationUserService {

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    AccessPolicy access;

    @Inject
    AuditLog audit;

    @Inject
    TenantRepository tenants;

    @Inject
    Clock clock;

    public Page<OrganizationUserView> list(Caller caller, UUID organizationId, PageRequest page) {
        access.requireOrganizationAdmin(caller, organizationId);
        return tenants.page(OrganizationUser.class, organizationId, "e.username", page, OrganizationUserView::of);
    }

    public OrganizationUserView get(Caller caller, UUID organizationId, UUID userId) {
        access.requireOrganizationAdmin(caller, organizationId);
        return OrganizationUserView.of(tenants.require(OrganizationUser.class, organizationId, userId, "User"));
    }

    public OrganizationUserView create(Caller caller, UUID organizationId, UserInput input) {
        access.requireOrganizationAdmin(caller, organizationId);
        tenants.organization(organizationId).orElseThrow(() -> new io.rap.fabric.domain.shared.NotFoundException(
                "Organization"));
        String username = AdminGrantRepository.normalize(Inputs.required("username", input.username(), 255));
        if (!Validation.USERNAME.matcher(username).matches()) {
            throw new ValidationException("username", "Use the person's Keycloak username (letters, digits, . _ @ + -)");
        }
        String displayName = Inputs.optional("display name", input.displayName(), 120);
        String email = email(input.email());
        String status = status(input.status());
        if (em.createQuery("select count(u) from OrganizationUser u where u.organizationId = :org"
                        + " and u.username = :u", Long.class)
                .setParameter("org", organizationId).setParameter("u", username).getSingleResult() > 0) {
            throw new ConflictException("username_taken", "The organization already has the user " + username);
        }
        OrganizationUser user = new OrganizationUser(organizationId, username, displayName, email, status,
                clock.instant());
        em.persist(user);
        audit.record(AuditEntry.byPerson(caller, "org.user_created").organization(organizationId)
                .target("organization_user", user.id()).detail("username", username).detail("status", status).build());
        return OrganizationUserView.of(user);
    }

    /** Display name, e-mail and status; {@code expectedVersion} is the version the form was built from. */
    public OrganizationUserView update(Caller caller, UUID organizationId, UUID userId, long expectedVersion,
                                       UserInput input) {
        access.requireOrganizationAdmin(caller, organizationId);
        OrganizationUser user = tenants.require(OrganizationUser.class, organizationId, userId, "User");
        Versions.require(user.version(), expectedVersion);
        String displayName = Inputs.optional("display name", input.displayName(), 120);
        String email = email(input.email());
        String status = status(input.status());
        String previousStatus = user.status();
        user.update(displayName, email, status, clock.instant());
        audit.record(AuditEntry.byPerson(caller, "org.user_updated").organization(organizationId)
                .target("organization_user", user.id()).detail("username", user.username())
                .detail("status", status).detail("previousStatus", previousStatus).build());
        em.flush();
        return OrganizationUserView.of(user);
    }

    /** Refused while the user has sessions: they are history; disable the user instead. */
    public void delete(Caller caller, UUID organizationId, UUID userId) {
        access.requireOrganizationAdmin(caller, organizationId);
        OrganizationUser user = tenants.require(OrganizationUser.class, organizationId, userId, "User");
        if (em.createQuery("select count(s) from AccessSession s where s.organizationId = :org and s.userId = :u",
                Long.class).setParameter("org", organizationId).setParameter("u", userId).getSingleResult() > 0) {
            throw new ConflictException("user_has_sessions",
                    "The user has sessions that are kept as history: disable the user instead");
        }
        em.remove(user);
        audit.record(AuditEntry.byPerson(caller, "org.user_deleted").organization(organizationId)
                .target("organization_user", userId).detail("username", user.username()).build());
    }

    private static String email(String value) {
        String email = Inputs.optional("e-mail", value, 255);
        if (email != null && !Validation.EMAIL.matcher(email).matches()) {
            throw new ValidationException("email", "Use an e-mail address such as name@example.org");
        }
        return email;
    }

    private static String status(String value) {
        if (value == null || value.isBlank()) {
            return OrganizationUser.ACTIVE;
        }
        if (!OrganizationUser.ACTIVE.equals(value) && !OrganizationUser.DISABLED.equals(value)) {
            throw new ValidationException("status", "The status is active or disabled");
        }
        return value;
    }
}
