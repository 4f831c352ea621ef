package io.rap.fabric.domain.organization;

import io.rap.fabric.domain.access.AccessPolicy;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.audit.AuditEntry;
import io.rap.fabric.domain.audit.AuditLog;
import io.rap.fabric.domain.shared.ConflictException;
import io.rap.fabric.domain.shared.Inputs;
import io.rap.fabric.domain.shared.NotFoundException;
import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.domain.shared.ValidationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;

/** Entry points: the platform owner publishes them for an organization; its admins read them. */
@ApplicationScoped
@Transactional
public class EntryPointService {

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

    public Page<EntryPointView> list(Caller caller, UUID organizationId, PageRequest page) {
        access.requireOrganizationAdmin(caller, organizationId);
        return tenants.page(EntryPoint.class, organizationId, "e.name", page, EntryPointView::of);
    }

    public EntryPointView create(Caller caller, UUID organizationId, NewEntryPoint input) {
        access.requirePlatformOwner(caller);
        tenants.organization(organizationId).orElseThrow(() -> new NotFoundException("Organization"));
        String name = Inputs.required("name", input.name(), 120);
        String host = Inputs.required("public host name", input.publicHostname(), 253).toLowerCase(Locale.ROOT);
        if (!Validation.HOST.matcher(host).matches()) {
            throw new ValidationException("publicHostname", "Use a host name or an IP address");
        }
        int port = input.publicPort() == null ? 443 : input.publicPort();
        if (port < 1 || port > 65535) {
            throw new ValidationException("publicPort", "The port must be between 1 and 65535");
        }
        if (em.createQuery("select count(e) from EntryPoint e where e.organizationId = :org and e.name = :name",
                Long.class).setParameter("org", organizationId).setParameter("name", name).getSingleResult() > 0) {
            throw new ConflictException("name_taken", "The organization already has an entry point named " + name);
        }
        EntryPoint entry = new EntryPoint(organizationId, name, host, port, clock.instant());
        em.persist(entry);
        audit.record(AuditEntry.byPerson(caller, "org.entry_point_created").organization(organizationId)
                .target("entry_point", entry.id()).detail("name", name).detail("publicHostname", host)
                .detail("publicPort", port).build());
        return EntryPointView.of(entry);
    }
}
