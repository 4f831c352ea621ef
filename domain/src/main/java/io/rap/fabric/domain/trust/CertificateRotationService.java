package io.rap.fabric.domain.trust;

import io.rap.fabric.domain.audit.AuditEntry;
import io.rap.fabric.domain.audit.AuditLog;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.node.AuthenticatedNode;
import io.rap.fabric.domain.node.Node;
import io.rap.fabric.domain.node.NodeAuthenticator;
import io.rap.fabric.domain.node.SignedRequest;
import io.rap.fabric.domain.shared.ConflictException;
import io.rap.fabric.domain.shared.ValidationException;
import io.rap.fabric.protocol.Csr;
import io.rap.fabric.protocol.ParsedCsr;
import io.rap.fabric.protocol.ProtocolException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Certificate rotation (DESIGN.md §6.6): a node asks for a certificate for a new key with a CSR,
 * proving the request with the key of a certificate it still holds. The previous certificate is
 * marked {@code rotated} and keeps authenticating until it expires, so the node can switch keys
 * whenever it is ready (and after a crash).
 */
@ApplicationScoped
@Transactional
public class CertificateRotationService {

    public static final String ROTATED_EVENT = "certificate.rotated";
    public static final String REFUSED_EVENT = "certificate.rotation_refused";

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    NodeAuthenticator authenticator;

    @Inject
    ClusterService clusters;

    @Inject
    CertificateAuthorityService certificateAuthorities;

    @Inject
    RotationRequests rotationRequests;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    /**
     * Issues the certificate for the CSR's key, or hands back the one already issued for it when
     * the node repeats a rotation whose answer it lost (the same CSR key, proven with the old key).
     *
     * @throws ValidationException          the CSR is malformed or not signed by its key (nothing changes)
     * @throws ConflictException            {@code key_reused}: the CSR's key already belongs to an identity of this node
     * @throws io.rap.fabric.domain.cluster.AuthorityNotHealthyException the cluster may not issue now (audited)
     */
    public IssuedCertificate rotate(UUID nodeId, UUID clusterId, SignedRequest request, String csrPem) {
        AuthenticatedNode node = authenticator.authenticate(nodeId, clusterId, request);
        ParsedCsr csr;
        try {
            csr = Csr.parseAndVerify(csrPem);
        } catch (ProtocolException e) {
            throw new ValidationException("csr", e.getMessage());
        }
        String thumbprint = csr.keyThumbprint();

        // Two rotations of one membership run one after the other: the second waits here for the
        // first to commit and then sees its identity. The proof check already loaded some of these
        // rows; a locking query would compare their old versions and fail, so they are re-read
        // (refresh) under the lock instead.
        // Only this membership's identities are locked: a rotation of the same node in another
        // cluster (another agent on the host) neither waits for this one nor changes these rows.
        // Key reuse is checked against every cluster's identities of the node all the same.
        em.refresh(node.membership(), LockModeType.PESSIMISTIC_WRITE);
        List<NodeIdentity> identities = em.createQuery("select i from NodeIdentity i where i.nodeId = :n"
                        + " order by i.createdAt", NodeIdentity.class)
                .setParameter("n", nodeId).getResultList();
        identities.stream().filter(i -> i.clusterId().equals(clusterId))
                .forEach(i -> em.refresh(i, LockModeType.PESSIMISTIC_WRITE));

        Optional<NodeIdentity> sameKey = identities.stream().filter(i -> i.keyThumbprint().equals(thumbprint))
                .findFirst();
        if (sameKey.isPresent()) {
            NodeIdentity existing = sameKey.get();
            if (isRepeatedRotation(existing, node.identity(), clusterId)) {
                return issued(existing);
            }
            throw new ConflictException("key_reused", "The CSR's key already belongs to a certificate of this node;"
                    + " rotate to a newly generated key");
        }

        clusters.requireHealthyAuthorityForNode(node.actor(), nodeId, clusterId, REFUSED_EVENT, "node_identity",
                node.identity().id());

        Instant now = clock.instant();
        List<NodeIdentity> active = identities.stream()
                .filter(i -> i.clusterId().equals(clusterId) && NodeIdentity.ACTIVE.equals(i.status())).toList();
        String previousSerials = active.isEmpty() ? node.identity().certificateSerial()
                : active.stream().map(NodeIdentity::certificateSerial).collect(Collectors.joining(","));
        active.forEach(i -> i.markRotated(now));
        // Hibernate inserts before it updates; at most one active identity per membership is a
        // unique index, so the old one has to be 'rotated' in the database first.
        em.flush();

        Node entity = em.find(Node.class, nodeId);
        IssuedCertificate certificate = certificateAuthorities.issueNodeCertificate(clusterId, nodeId, csr.publicKey(),
                entity.name());
        NodeIdentity created = certificateAuthorities.recordIdentity(nodeId, clusterId, csr.publicKey(), thumbprint,
                certificate);
        // The owner's open requests to rotate the replaced certificate are done with this rotation,
        // whether the node rotated because of them or on its own schedule.
        List<CertificateRotationRequest> fulfilled = rotationRequests.fulfil(active, created.id(), node.actor(), now);
        AuditEntry.Builder event = AuditEntry.byNode(node.actor(), ROTATED_EVENT).cluster(clusterId).node(nodeId)
                .target("node_identity", created.id()).detail("oldSerial", previousSerials)
                .detail("newSerial", certificate.serialHex()).detail("notAfter", certificate.notAfter())
                .detail("keyThumbprint", thumbprint);
        if (!fulfilled.isEmpty()) {
            event.detail("rotationRequestId", fulfilled.stream().map(r -> r.id().toString())
                            .collect(Collectors.joining(",")))
                    .detail("requestedBy", fulfilled.stream().map(CertificateRotationRequest::requestedBy)
                            .collect(Collectors.joining(",")));
        }
        audit.record(event.build());
        return certificate;
    }

    /**
     * The node's earlier attempt succeeded but it never saw the answer: it still proves with the
     * older key and asks again for the key that is now the active one.
     */
    private static boolean isRepeatedRotation(NodeIdentity existing, NodeIdentity prover, UUID clusterId) {
        return existing.clusterId().equals(clusterId) && NodeIdentity.ACTIVE.equals(existing.status())
                && !existing.id().equals(prover.id()) && existing.createdAt().isAfter(prover.createdAt());
    }

    private IssuedCertificate issued(NodeIdentity identity) {
        return new IssuedCertificate(identity.certificatePem(),
                certificateAuthorities.activeCa(identity.clusterId()).certificatePem(), identity.certificateSerial(),
                identity.certificateNotBefore(), identity.certificateNotAfter());
    }
}
