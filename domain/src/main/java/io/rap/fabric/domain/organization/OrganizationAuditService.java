package io.rap.fabric.domain.organization;

import io.rap.fabric.domain.access.AccessPolicy;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.audit.AuditEvent;
import io.rap.fabric.domain.infrastructure.jpa.JsonText;
import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;

/**
 * One organization's audit log. Filtered in SQL to events of that organization, in the
 * organization's namespaces ({@code org.*} and the grants of its admins, {@code access.*}), and
 * never an event that names a node: platform events that concern the organization but name its
 * backing nodes ({@code fabric.*}) stay in the owner's log.
 */
@ApplicationScoped
@Transactional
public class OrganizationAuditService {

    private static final String SCOPE = " where e.organizationId = :org and e.nodeId is null"
            + " and (e.eventType like 'org.%' or e.eventType like 'access.%')";

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    AccessPolicy access;

    public Page<OrganizationAuditView> list(Caller caller, UUID organizationId, PageRequest page) {
        access.requireOrganizationAdmin(caller, organizationId);
        List<OrganizationAuditView> items = em.createQuery("select e from AuditEvent e" + SCOPE
                        + " order by e.sequenceNo desc", AuditEvent.class)
                .setParameter("org", organizationId).setFirstResult(page.offset()).setMaxResults(page.limit())
                .getResultStream().map(e -> new OrganizationAuditView(e.sequenceNo(), e.occurredAt(), e.actor(),
                        e.eventType(), e.targetType(), e.targetId(), JsonText.toMap(e.details()))).toList();
        long total = em.createQuery("select count(e) from AuditEvent e" + SCOPE, Long.class)
                .setParameter("org", organizationId).getSingleResult();
        return new Page<>(items, total, page.offset(), page.limit());
    }
}
