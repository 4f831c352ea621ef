package io.rap.fabric.domain.snapshot;

import io.rap.fabric.domain.infrastructure.jpa.JsonText;
import io.rap.fabric.domain.node.ClusterMembership;
import io.rap.fabric.domain.node.Node;
import io.rap.fabric.domain.node.NodeAuthenticator;
import io.rap.fabric.domain.node.SignedRequest;
import io.rap.fabric.domain.role.ActiveRoles;
import io.rap.fabric.domain.role.RoleAssignment;
import io.rap.fabric.domain.trust.ConfigSigner;
import io.rap.fabric.domain.trust.ConfigSigners;
import io.rap.fabric.domain.trust.NodeIdentity;
import io.rap.fabric.domain.trust.RevocationLists;
import io.rap.fabric.domain.trust.RevokedCertificate;
import io.rap.fabric.domain.workload.AuthorizedWorkloads;
import io.rap.fabric.protocol.CanonicalJson;
import io.rap.fabric.protocol.DesiredWorkload;
import io.rap.fabric.protocol.Json;
import io.rap.fabric.protocol.Limits;
import io.rap.fabric.protocol.PeerPolicy;
import io.rap.fabric.protocol.RoleGrant;
import io.rap.fabric.protocol.SignedSnapshot;
import io.rap.fabric.protocol.Snapshot;
import io.rap.fabric.protocol.SnapshotEntryPoint;
import io.rap.fabric.protocol.SnapshotPeer;
import io.rap.fabric.protocol.SnapshotResource;
import io.rap.fabric.protocol.SnapshotSigning;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The signed need-to-know snapshot of one node membership (DESIGN.md §7), built from PostgreSQL
 * when the node asks. Every node gets its roles, its authorized workloads and the cluster's
 * revoked serials; only mesh roles ({@code core-mesh}, {@code relay}) get peers and a peer
 * policy, only {@code entry-node} gets the entry points it serves, and only egress roles get the
 * targets behind the pools the node backs (for the organizations they are assigned for). No user
 * lists, no credentials, no other organization data and no secrets are in it.
 *
 * <p>While the content is unchanged the node gets the very bytes it got before, so versions
 * only move when something changed (or the signature is about to expire): a node refuses a
 * different payload under a version it already applied.
 */
@ApplicationScoped
@Transactional
public class SnapshotService {

    /** How long a node may act on a snapshot it cannot renew. */
    static final Duration LIFETIME = Duration.ofHours(24);
    /** A stored snapshot with less than this left is signed again, with a new version. */
    static final Duration RENEW_WHEN_LEFT = LIFETIME.dividedBy(4);
    /** The port the agent's fabric listener uses unless its echo workload names another one. */
    static final int DEFAULT_FABRIC_PORT = 7443;
    static final Set<String> MESH_ROLES = Set.of("core-mesh", "relay");
    static final String ENTRY_ROLE = "entry-node";
    /** Roles that reach organizations' targets through the egress pools a node backs. */
    static final Set<String> EGRESS_ROLES = Set.of("egress", "remote-access");

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    NodeAuthenticator authenticator;

    @Inject
    ActiveRoles activeRoles;

    @Inject
    AuthorizedWorkloads authorizedWorkloads;

    @Inject
    RevocationLists revocationLists;

    @Inject
    ConfigSigners signers;

    @Inject
    Clock clock;

    public SignedSnapshot current(UUID nodeId, UUID clusterId, SignedRequest request) {
        authenticator.authenticate(nodeId, clusterId, request);
        // One snapshot build per membership at a time: two concurrent first requests must not
        // both sign a version 1 with different bytes.
        em.createNativeQuery("select id from cluster_memberships where node_id = ?1 and cluster_id = ?2 for update")
                .setParameter(1, nodeId).setParameter(2, clusterId).getResultList();
        Instant now = clock.instant();
        Content content = content(nodeId, clusterId);
        List<?> stored = em.createNativeQuery("select version, content_sha256, payload, signature, signer_id,"
                        + " expires_at from node_snapshots where node_id = ?1 and cluster_id = ?2")
                .setParameter(1, nodeId).setParameter(2, clusterId).getResultList();
        long version = 1;
        if (!stored.isEmpty()) {
            Object[] row = (Object[]) stored.get(0);
            Instant expiresAt = instant(row[5]);
            if (content.sha256().equals(row[1]) && now.isBefore(expiresAt.minus(RENEW_WHEN_LEFT))) {
                ConfigSigner signer = em.find(ConfigSigner.class, row[4]);
                return new SignedSnapshot((byte[]) row[2], (byte[]) row[3], signer.certificatePem());
            }
            version = ((Number) row[0]).longValue() + 1;
        }
        ConfigSigners.Signing signing = signers.current(clusterId);
        Instant issuedAt = now.truncatedTo(ChronoUnit.SECONDS);
        Snapshot snapshot = new Snapshot(clusterId, nodeId, version, issuedAt, issuedAt.plus(LIFETIME),
                content.roles(), content.workloads(), content.revokedSerials(), content.peers(),
                content.peerPolicy(), content.entryPoints(), content.resources());
        SignedSnapshot signed = SnapshotSigning.sign(snapshot, signing.key(), signing.signer().certificatePem());
        em.createNativeQuery("insert into node_snapshots (node_id, cluster_id, version, content_sha256, payload,"
                        + " signature, signer_id, issued_at, expires_at, updated_at)"
                        + " values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) on conflict (node_id, cluster_id) do update"
                        + " set version = excluded.version, content_sha256 = excluded.content_sha256,"
                        + " payload = excluded.payload, signature = excluded.signature, signer_id = excluded.signer_id,"
                        + " issued_at = excluded.issued_at, expires_at = excluded.expires_at,"
                        + " updated_at = excluded.updated_at")
                .setParameter(1, nodeId).setParameter(2, clusterId).setParameter(3, version)
                .setParameter(4, content.sha256()).setParameter(5, signed.payload()).setParameter(6, signed.signature())
                .setParameter(7, signing.signer().id()).setParameter(8, issuedAt)
                .setParameter(9, snapshot.expiresAt()).setParameter(10, now)
                .executeUpdate();
        return signed;
    }

    /** What the membership may know now, without version and times. */
    private Content content(UUID nodeId, UUID clusterId) {
        List<RoleAssignment> roles = activeRoles.of(clusterId, nodeId);
        List<DesiredWorkload> workloads = authorizedWorkloads.of(clusterId, nodeId, roles);
        List<String> revoked = revocationLists.current(clusterId, Limits.MAX_REVOKED_SERIALS).revoked().stream()
                .map(RevokedCertificate::serial).toList();
        boolean mesh = roles.stream().anyMatch(r -> MESH_ROLES.contains(r.role()));
        List<SnapshotPeer> peers = mesh ? meshPeers(nodeId, clusterId) : null;
        PeerPolicy policy = mesh ? PeerPolicy.CORE : null;
        List<SnapshotEntryPoint> entryPoints = roles.stream().anyMatch(r -> ENTRY_ROLE.equals(r.role()))
                ? entryPoints(clusterId) : null;
        List<RoleAssignment> egress = roles.stream().filter(r -> EGRESS_ROLES.contains(r.role())).toList();
        List<SnapshotResource> resources = egress.isEmpty() ? null : resources(nodeId, clusterId, egress);
        List<RoleGrant> grants = roles.stream().map(a -> new RoleGrant(a.role(), a.organizationId())).toList();
        return new Content(grants, workloads, revoked, peers, policy, entryPoints, resources);
    }

    /**
     * The other mesh nodes of the cluster that can still prove who they are: active membership,
     * an active mesh role and an identity that is neither revoked nor expired.
     */
    private List<SnapshotPeer> meshPeers(UUID nodeId, UUID clusterId) {
        Instant now = clock.instant();
        List<Node> nodes = em.createQuery("select n from Node n where n.id <> :self and exists ("
                        + "select a from RoleAssignment a where a.nodeId = n.id and a.clusterId = :c"
                        + " and a.status = :activeRole and a.role in :mesh) and exists ("
                        + "select m from ClusterMembership m where m.nodeId = n.id and m.clusterId = :c"
                        + " and m.status = :activeMember) and exists ("
                        + "select i from NodeIdentity i where i.nodeId = n.id and i.clusterId = :c"
                        + " and i.status <> :revoked and i.certificateNotAfter > :now) order by n.name, n.id", Node.class)
                .setParameter("self", nodeId).setParameter("c", clusterId)
                .setParameter("activeRole", RoleAssignment.ACTIVE).setParameter("mesh", MESH_ROLES)
                .setParameter("activeMember", ClusterMembership.ACTIVE).setParameter("revoked", NodeIdentity.REVOKED)
                .setParameter("now", now).setMaxResults(Limits.MAX_PEERS).getResultList();
        List<UUID> ids = nodes.stream().map(Node::id).toList();
        Map<UUID, List<RoleAssignment>> peerRoles = activeRoles.ofNodes(clusterId, ids);
        // Mesh roles authorize the echo workload, so an enabled one names the peer's fabric port.
        Map<UUID, Map<String, String>> echo = authorizedWorkloads.settingsOfType(clusterId, ids,
                DesiredWorkload.SYNTHETIC_ECHO);
        return nodes.stream().map(n -> new SnapshotPeer(n.id(), n.name(), addresses(n),
                fabricPort(echo.getOrDefault(n.id(), Map.of())),
                peerRoles.getOrDefault(n.id(), List.of()).stream().map(RoleAssignment::role).distinct().toList()))
                .toList();
    }

    /** The active entry points of the organizations this cluster serves: what an ingress node accepts clients on. */
    private List<SnapshotEntryPoint> entryPoints(UUID clusterId) {
        List<?> rows = em.createNativeQuery("select e.id, e.organization_id, e.public_hostname, e.public_port"
                        + " from entry_points e join organizations o on o.id = e.organization_id"
                        + " where o.cluster_id = ?1 and o.status = 'active' and e.status = 'active'"
                        + " order by e.organization_id, e.public_hostname, e.public_port, e.id")
                .setParameter(1, clusterId).setMaxResults(Limits.MAX_ENTRY_POINTS).getResultList();
        return rows.stream().map(r -> (Object[]) r).map(r -> new SnapshotEntryPoint((UUID) r[0], (UUID) r[1],
                (String) r[2], ((Number) r[3]).intValue())).toList();
    }

    /**
     * The targets behind the egress pools this node backs in this cluster, limited to the
     * organizations its egress roles are assigned for (an unscoped assignment serves them all).
     */
    private List<SnapshotResource> resources(UUID nodeId, UUID clusterId, List<RoleAssignment> egressRoles) {
        boolean allOrganizations = egressRoles.stream().anyMatch(r -> r.organizationId() == null);
        List<UUID> organizations = egressRoles.stream().map(RoleAssignment::organizationId)
                .filter(java.util.Objects::nonNull).distinct().toList();
        if (!allOrganizations && organizations.isEmpty()) {
            return List.of();
        }
        String scope = allOrganizations ? "" : " and r.organization_id in (?3)";
        var query = em.createNativeQuery("select distinct r.id, r.organization_id, r.protocol, r.target_host, r.port"
                        + " from organization_resources r join egress_pool_nodes p on p.egress_pool_id = r.egress_pool_id"
                        + " join organizations o on o.id = r.organization_id"
                        + " where p.node_id = ?1 and p.cluster_id = ?2 and o.cluster_id = ?2 and o.status = 'active'"
                        + scope + " order by r.organization_id, r.id")
                .setParameter(1, nodeId).setParameter(2, clusterId).setMaxResults(Limits.MAX_RESOURCES);
        if (!allOrganizations) {
            query.setParameter(3, organizations);
        }
        List<?> rows = query.getResultList();
        return rows.stream().map(r -> (Object[]) r).map(r -> new SnapshotResource((UUID) r[0], (UUID) r[1],
                (String) r[2], (String) r[3], ((Number) r[4]).intValue())).toList();
    }

    private static List<String> addresses(Node node) {
        JsonObject facts = JsonText.object(node.factsJson());
        return facts.containsKey("addresses")
                ? JsonText.toStrings(facts.getJsonArray("addresses").toString()).stream()
                .limit(Limits.MAX_ADDRESSES).toList()
                : List.of();
    }

    private static int fabricPort(Map<String, String> echoSettings) {
        String port = echoSettings.get("port");
        if (port != null && port.matches("[0-9]{1,5}")) {
            int value = Integer.parseInt(port);
            if (value > 0 && value < 65536) {
                return value;
            }
        }
        return DEFAULT_FABRIC_PORT;
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }

    private record Content(List<RoleGrant> roles, List<DesiredWorkload> workloads, List<String> revokedSerials,
                           List<SnapshotPeer> peers, PeerPolicy peerPolicy, List<SnapshotEntryPoint> entryPoints,
                           List<SnapshotResource> resources) {

        /** The canonical bytes of everything a node acts on; versions and times left out. */
        String sha256() {
            JsonObjectBuilder json = Json.objectBuilder()
                    .add("roles", array(roles.stream().map(RoleGrant::toJson).toList()))
                    .add("workloads", array(workloads.stream().map(DesiredWorkload::toJson).toList()))
                    .add("revokedSerials", Json.stringArray(revokedSerials));
            if (peers != null) {
                json.add("peers", array(peers.stream().map(SnapshotPeer::toJson).toList()));
                json.add("peerPolicy", peerPolicy.toJson());
            }
            if (entryPoints != null) {
                json.add("entryPoints", array(entryPoints.stream().map(SnapshotEntryPoint::toJson).toList()));
            }
            if (resources != null) {
                json.add("resources", array(resources.stream().map(SnapshotResource::toJson).toList()));
            }
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(CanonicalJson.toBytes(json.build())));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        private static JsonArrayBuilder array(List<JsonObject> items) {
            JsonArrayBuilder array = Json.arrayBuilder();
            items.forEach(array::add);
            return array;
        }
    }
}
