package io.rap.fabric.domain.organization;

import io.rap.fabric.domain.shared.NotFoundException;
import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The one way organization services load tenant-owned rows: always by organization id and object
 * id together, and lists with the organization in the WHERE clause and paging in SQL. An object
 * of another organization is simply not found, exactly like one that does not exist.
 */
@ApplicationScoped
public class TenantRepository {

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    public <T extends TenantOwned> Optional<T> find(Class<T> type, UUID organizationId, UUID id) {
        if (organizationId == null || id == null) {
            return Optional.empty();
        }
        return em.createQuery("select e from " + type.getSimpleName()
                        + " e where e.organizationId = :org and e.id = :id", type)
                .setParameter("org", organizationId).setParameter("id", id).getResultStream().findFirst();
    }

    /** Like {@link #find} but a miss is a {@link NotFoundException} naming only the kind of object. */
    public <T extends TenantOwned> T require(Class<T> type, UUID organizationId, UUID id, String what) {
        return find(type, organizationId, id).orElseThrow(() -> new NotFoundException(what));
    }

    /** One page of {@code type} in one organization, ordered by {@code orderBy} (a property path of {@code e}). */
    public <T extends TenantOwned, R> Page<R> page(Class<T> type, UUID organizationId, String orderBy,
                                                  PageRequest page, Function<T, R> mapper) {
        List<R> items = em.createQuery("select e from " + type.getSimpleName()
                        + " e where e.organizationId = :org order by " + orderBy + ", e.id", type)
                .setParameter("org", organizationId)
                .setFirstResult(page.offset()).setMaxResults(page.limit())
                .getResultStream().map(mapper).toList();
        return new Page<>(items, count(type, organizationId), page.offset(), page.limit());
    }

    public long count(Class<? extends TenantOwned> type, UUID organizationId) {
        return em.createQuery("select count(e) from " + type.getSimpleName() + " e where e.organizationId = :org",
                Long.class).setParameter("org", organizationId).getSingleResult();
    }

    /** How many of {@code ids} are {@code type} rows of this organization (to check a selection in one query). */
    public long countOwned(Class<? extends TenantOwned> type, UUID organizationId, java.util.Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return em.createQuery("select count(e) from " + type.getSimpleName()
                        + " e where e.organizationId = :org and e.id in :ids", Long.class)
                .setParameter("org", organizationId).setParameter("ids", ids).getSingleResult();
    }

    public Optional<Organization> organization(UUID organizationId) {
        return Optional.ofNullable(organizationId == null ? null : em.find(Organization.class, organizationId));
    }
}
