package io.rap.fabric.domain.enrollment;

import io.rap.fabric.domain.access.AccessPolicy;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.audit.AuditEntry;
import io.rap.fabric.domain.audit.AuditLog;
import io.rap.fabric.domain.audit.RefusalAudit;
import io.rap.fabric.domain.role.RoleCatalog;
import io.rap.fabric.domain.role.RoleDefinition;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.infrastructure.jpa.JsonText;
import io.rap.fabric.domain.shared.ConflictException;
import io.rap.fabric.domain.shared.Inputs;
import io.rap.fabric.domain.shared.NotFoundException;
import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.domain.shared.ValidationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

@ApplicationScoped
@Transactional
public class JoinTokenService {

    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    public static final Duration MAX_TTL = Duration.ofHours(24);
    public static final Duration MIN_TTL = Duration.ofMinutes(1);
    public static final int MAX_USES = 1000;
    static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    AccessPolicy access;

    @Inject
    AuditLog audit;

    @Inject
    ClusterService clusters;

    @Inject
    RefusalAudit refusals;

    @Inject
    Clock clock;

    /**
     * Roles in the allow-list must exist in the {@link RoleCatalog}: a misspelt role would make a
     * token that no agent can use as intended. That refusal is audited ({@code join_token.creation_refused}).
     */
    public IssuedJoinToken issue(Caller caller, NewJoinToken input) {
        access.requirePlatformOwner(caller);
        clusters.get(caller, input.clusterId());
        Duration ttl = input.ttl() == null ? DEFAULT_TTL : input.ttl();
        if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new ValidationException("ttl", "A join token lives between 1 minute and 24 hours");
        }
        int maxUses = input.maxUses() == null ? 1 : input.maxUses();
        if (maxUses < 1 || maxUses > MAX_USES) {
            throw new ValidationException("maxUses", "Max uses must be between 1 and " + MAX_USES);
        }
        List<String> roles = roles(input.allowedRoles());
        List<String> unknown = unknownRoles(roles);
        if (!unknown.isEmpty()) {
            ValidationException refusal = new ValidationException("allowedRoles", "No such role: "
                    + String.join(", ", unknown) + " (known roles: " + knownRoles() + ")");
            refusals.record(caller, "join_token.creation_refused", input.clusterId(), "cluster", input.clusterId(),
                    refusal, Map.of("field", "allowedRoles", "unknownRoles", String.join(",", unknown)));
            throw refusal;
        }
        String description = Inputs.optional("description", input.description(), 200);
        Instant now = clock.instant();
        String raw = JoinTokens.newRawToken();
        JoinToken token = new JoinToken(input.clusterId(), JoinTokens.hash(raw), description, JsonText.ofStrings(roles),
                now.plus(ttl), maxUses, caller.username(), now);
        em.persist(token);
        audit.record(AuditEntry.byPerson(caller, "join_token.created").cluster(input.clusterId())
                .target("join_token", token.id()).detail("expiresAt", token.expiresAt())
                .detail("maxUses", maxUses).detail("allowedRoles", String.join(",", roles)).build());
        return new IssuedJoinToken(token.id(), token.clusterId(), raw, token.expiresAt(), maxUses);
    }

    public Page<JoinTokenView> list(Caller caller, UUID clusterId, PageRequest page) {
        access.requirePlatformOwner(caller);
        Instant now = clock.instant();
        List<JoinTokenView> items = em.createQuery("select t from JoinToken t where t.clusterId = :c"
                        + " order by t.createdAt desc", JoinToken.class)
                .setParameter("c", clusterId).setFirstResult(page.offset()).setMaxResults(page.limit())
                .getResultStream().map(t -> view(t, now)).toList();
        long total = em.createQuery("select count(t) from JoinToken t where t.clusterId = :c", Long.class)
                .setParameter("c", clusterId).getSingleResult();
        return new Page<>(items, total, page.offset(), page.limit());
    }

    public JoinTokenView revoke(Caller caller, UUID tokenId) {
        access.requirePlatformOwner(caller);
        JoinToken token = em.find(JoinToken.class, tokenId, LockModeType.PESSIMISTIC_WRITE);
        if (token == null) {
            throw new NotFoundException("Join token");
        }
        Instant now = clock.instant();
        if (token.revokedAt() != null) {
            throw new ConflictException("already_revoked", "The join token is already revoked");
        }
        token.revoke(caller.username(), now);
        audit.record(AuditEntry.byPerson(caller, "join_token.revoked").cluster(token.clusterId())
                .target("join_token", token.id()).build());
        return view(token, now);
    }

    static List<String> roles(List<String> requested) {
        if (requested == null) {
            return List.of();
        }
        List<String> roles = requested.stream().map(String::strip).filter(r -> !r.isEmpty()).distinct().sorted().toList();
        if (roles.size() > 32) {
            throw new ValidationException("roles", "At most 32 roles");
        }
        for (String role : roles) {
            if (!ROLE.matcher(role).matches()) {
                throw new ValidationException("roles", "'" + role + "' is not a role name (lower-case letters, digits, hyphens)");
            }
        }
        return roles;
    }

    /** Those of {@code roles} the catalog does not know, in their order. */
    static List<String> unknownRoles(List<String> roles) {
        return roles.stream().filter(r -> !RoleCatalog.exists(r)).toList();
    }

    static String knownRoles() {
        return RoleCatalog.all().stream().map(RoleDefinition::name).collect(Collectors.joining(", "));
    }

    static JoinTokenView view(JoinToken t, Instant now) {
        return new JoinTokenView(t.id(), t.clusterId(), t.description(), JsonText.toStrings(t.allowedRolesJson()),
                t.statusAt(now), t.expiresAt(), t.maxUses(), t.usedCount(), t.createdBy(), t.createdAt());
    }
}
