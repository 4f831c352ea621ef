package io.rap.fabric.domain.enrollment;

import io.rap.fabric.domain.infrastructure.jpa.JsonText;
import io.rap.fabric.domain.role.RoleCatalog;
import io.rap.fabric.domain.role.RoleDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Builds the {@link JoinRequestReview} of a page of join requests with four queries for the
 * whole page (tokens, identities with the same keys, nodes with the same hosts, claimed nodes'
 * memberships), never one per
 * request. Internal to the domain: the caller has authorized the person already.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
class JoinRequestReviewer {

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    Clock clock;

    Map<UUID, JoinRequestReview> review(List<JoinRequest> requests) {
        if (requests.isEmpty()) {
            return Map.of();
        }
        Instant now = clock.instant();
        Set<UUID> tokenIds = requests.stream().map(JoinRequest::joinTokenId).collect(Collectors.toSet());
        Map<UUID, JoinToken> tokens = em.createQuery("select t from JoinToken t where t.id in :ids", JoinToken.class)
                .setParameter("ids", tokenIds).getResultStream()
                .collect(Collectors.toMap(JoinToken::id, Function.identity()));

        Set<String> keys = requests.stream().map(JoinRequest::keyThumbprint).collect(Collectors.toSet());
        Map<String, List<JoinRequestReview.EnrolledNode>> byKey = new HashMap<>();
        em.createQuery("select i.keyThumbprint, n.id, n.name, c.id, c.name, i.status from NodeIdentity i"
                        + " join Node n on n.id = i.nodeId join Cluster c on c.id = i.clusterId"
                        + " where i.keyThumbprint in :keys order by n.name, c.name", Object[].class)
                .setParameter("keys", keys).getResultList()
                .forEach(row -> byKey.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add(enrolled(row)));

        Set<String> hosts = requests.stream().map(JoinRequest::hostFingerprint).collect(Collectors.toSet());
        Map<String, List<JoinRequestReview.EnrolledNode>> byHost = new HashMap<>();
        em.createQuery("select n.hostFingerprint, n.id, n.name, c.id, c.name, m.status from Node n"
                        + " left join ClusterMembership m on m.nodeId = n.id left join Cluster c on c.id = m.clusterId"
                        + " where n.hostFingerprint in :hosts order by n.name, c.name", Object[].class)
                .setParameter("hosts", hosts).getResultList()
                .forEach(row -> byHost.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add(enrolled(row)));

        Set<UUID> claimed = requests.stream().map(JoinRequest::claimedNodeId).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        Map<UUID, List<JoinRequestReview.EnrolledNode>> claimedMemberships = new HashMap<>();
        if (!claimed.isEmpty()) {
            em.createQuery("select n.id, n.id, n.name, c.id, c.name, m.status from Node n"
                            + " left join ClusterMembership m on m.nodeId = n.id left join Cluster c on c.id = m.clusterId"
                            + " where n.id in :ids order by c.name", Object[].class)
                    .setParameter("ids", claimed).getResultList()
                    .forEach(row -> claimedMemberships.computeIfAbsent((UUID) row[0], k -> new ArrayList<>())
                            .add(enrolled(row)));
        }

        Map<UUID, JoinRequestReview> reviews = new LinkedHashMap<>();
        for (JoinRequest request : requests) {
            reviews.put(request.id(), review(request, tokens.get(request.joinTokenId()), now,
                    byKey.getOrDefault(request.keyThumbprint(), List.of()),
                    byHost.getOrDefault(request.hostFingerprint(), List.of()),
                    claimedNode(request, claimedMemberships.get(request.claimedNodeId()))));
        }
        return reviews;
    }

    /** The claimed node with its memberships in clusters other than the request's. */
    private static JoinRequestReview.ClaimedNode claimedNode(JoinRequest request,
                                                             List<JoinRequestReview.EnrolledNode> memberships) {
        if (request.claimedNodeId() == null || memberships == null || memberships.isEmpty()) {
            return null;
        }
        List<JoinRequestReview.EnrolledNode> elsewhere = memberships.stream()
                .filter(m -> m.clusterId() != null && !m.clusterId().equals(request.clusterId())).toList();
        return new JoinRequestReview.ClaimedNode(request.claimedNodeId(), memberships.get(0).nodeName(), elsewhere,
                !elsewhere.isEmpty());
    }

    private static JoinRequestReview review(JoinRequest request, JoinToken token, Instant now, List<JoinRequestReview.EnrolledNode> sameKey,
                                            List<JoinRequestReview.EnrolledNode> sameHost,
                                            JoinRequestReview.ClaimedNode claimedNode) {
        List<String> reported = JsonText.toStrings(request.reportedCapabilities());
        List<String> requested = JsonText.toStrings(request.requestedRoles());
        List<String> allowList = token == null ? List.of() : JsonText.toStrings(token.allowedRolesJson());
        Set<String> allowed = new HashSet<>(allowList);
        List<JoinRequestReview.RoleCheck> roles = requested.stream().map(role -> {
            String capability = RoleCatalog.find(role).map(RoleDefinition::requiredCapability).orElse(null);
            return new JoinRequestReview.RoleCheck(role, capability != null, allowed.isEmpty() || allowed.contains(role),
                    capability, capability != null && reported.contains(capability));
        }).toList();
        // The node this very request created is not "already enrolled": it is the approval's own result.
        UUID self = request.approvedNodeId();
        List<JoinRequestReview.EnrolledNode> keyNodes = sameKey.stream()
                .filter(n -> !Objects.equals(n.nodeId(), self)).distinct()
                .limit(JoinRequestReview.MAX_MATCHES).toList();
        // Nor is the node it proved to be: the same host is exactly what the claim says, with proof.
        List<JoinRequestReview.EnrolledNode> hostNodes = sameHost.stream()
                .filter(n -> !Objects.equals(n.nodeId(), self) && !Objects.equals(n.nodeId(), request.claimedNodeId()))
                .distinct().toList();
        return new JoinRequestReview(roles, RoleCatalog.missingCapabilities(requested, reported),
                token == null ? null : token.statusAt(now), allowList, keyNodes,
                hostNodes.stream().limit(JoinRequestReview.MAX_MATCHES).toList(), hostNodes.size(), claimedNode);
    }

    /** A row {@code (match, node id, node name, cluster id, cluster name, status)} of the queries above. */
    private static JoinRequestReview.EnrolledNode enrolled(Object[] row) {
        return new JoinRequestReview.EnrolledNode((UUID) row[1], (String) row[2], (UUID) row[3], (String) row[4],
                (String) row[5]);
    }
}
