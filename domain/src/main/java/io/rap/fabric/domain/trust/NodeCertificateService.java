package io.rap.fabric.domain.trust;

import io.rap.fabric.domain.access.AccessPolicy;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.audit.AuditEntry;
import io.rap.fabric.domain.audit.AuditLog;
import io.rap.fabric.domain.audit.RefusalAudit;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.node.ClusterMembership;
import io.rap.fabric.domain.node.NodeAuthenticator;
import io.rap.fabric.domain.node.SignedRequest;
import io.rap.fabric.domain.shared.ConflictException;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.domain.shared.Inputs;
import io.rap.fabric.domain.shared.NotFoundException;
import io.rap.fabric.domain.shared.ValidationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Node certificates one by one: the owner's list, revocation and rotation requests, and the
 * revocation list for nodes.
 */
@ApplicationScoped
@Transactional
public class NodeCertificateService {

    public static final String REVOKED_EVENT = "certificate.revoked";
    public static final String ROTATION_REQUESTED_EVENT = "certificate.rotation_requested";
    public static final String ROTATION_REQUEST_REFUSED_EVENT = "certificate.rotation_request_refused";
    public static final String ROTATION_REQUEST_CANCELLED_EVENT = RotationRequests.CANCELLED_EVENT;
    private static final Pattern SERIAL = Pattern.compile("[0-9a-f]{1,64}");

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    AccessPolicy access;

    @Inject
    AuditLog audit;

    @Inject
    NodeAuthenticator authenticator;

    @Inject
    RevocationLists revocationLists;

    @Inject
    RotationRequests rotationRequests;

    @Inject
    ClusterService clusters;

    @Inject
    RefusalAudit refusals;

    @Inject
    Clock clock;

    /** Every certificate the node was issued, per cluster, newest first. */
    public List<CertificateView> certificates(Caller caller, UUID nodeId) {
        access.requirePlatformOwner(caller);
        Instant now = clock.instant();
        List<NodeIdentity> identities = em.createQuery("select i from NodeIdentity i where i.nodeId = :n"
                        + " order by i.clusterId, i.createdAt desc", NodeIdentity.class)
                .setParameter("n", nodeId).getResultList();
        Map<UUID, CertificateRotationRequest> requests = rotationRequests.openFor(identities.stream()
                .filter(i -> NodeIdentity.ACTIVE.equals(i.status())).map(NodeIdentity::id).toList());
        return identities.stream().map(i -> CertificateView.of(i, now, requests.get(i.id()))).toList();
    }

    /**
     * High-risk: revokes one certificate of a cluster. Takes effect at once on the node API (the
     * next request proven with its key gets {@code certificate_revoked}) and the serial appears in
     * the cluster's revocation list until the certificate expires. The node's other certificates
     * keep working. Allowed whatever the authority state: revoking only narrows trust.
     */
    public CertificateView revokeCertificate(Caller caller, UUID clusterId, String serial, String reason) {
        access.requirePlatformOwnerWithStepUp(caller);
        String why = Inputs.required("reason", reason, 500);
        String hex = serial(serial);
        NodeIdentity identity = lockedIdentity(clusterId, hex);
        Instant now = clock.instant();
        if (NodeIdentity.REVOKED.equals(identity.status())) {
            throw new ConflictException("certificate_already_revoked", "The certificate was already revoked at "
                    + identity.revokedAt());
        }
        if (identity.isExpiredAt(now)) {
            throw new ConflictException("certificate_expired", "The certificate expired at "
                    + identity.certificateNotAfter() + "; no node can use it any more");
        }
        String previous = identity.status();
        identity.revoke(why, now);
        audit.record(AuditEntry.byPerson(caller, REVOKED_EVENT).cluster(clusterId).node(identity.nodeId())
                .target("node_identity", identity.id()).detail("serial", hex).detail("previousStatus", previous)
                .detail("notAfter", identity.certificateNotAfter()).detail("reason", why).build());
        // The node can no longer prove with this key, so nobody could fulfil a request to rotate it.
        rotationRequests.withdrawRevoked(List.of(identity), caller.username(),
                type -> AuditEntry.byPerson(caller, type), now);
        return CertificateView.of(identity, now);
    }

    /**
     * High-risk (it leads to a new certificate being issued): asks the node to rotate this
     * certificate now rather than at two thirds of its lifetime. The answer to every heartbeat the
     * node proves with this certificate's key says "rotate" until the node has rotated it (which
     * fulfils the request) or the request is cancelled. Only for the active certificate of an
     * active membership, only while the cluster may issue certificates (a request it could not
     * serve would only make the node retry), and one open request per certificate: a second one is
     * refused with {@code rotation_already_requested} rather than silently merged, so the second
     * person learns that someone else asked first and why.
     *
     * @throws io.rap.fabric.domain.cluster.AuthorityNotHealthyException the cluster may not issue now (audited)
     */
    public RotationRequestView requestRotation(Caller caller, UUID clusterId, String serial, String reason) {
        try {
            access.requirePlatformOwnerWithStepUp(caller);
        } catch (DomainException refusal) {
            refusals.record(caller, ROTATION_REQUEST_REFUSED_EVENT, clusterId, "cluster", clusterId, refusal,
                    Map.of("serial", String.valueOf(serial)));
            throw refusal;
        }
        String why = Inputs.required("reason", reason, 500);
        String hex = serial(serial);
        // Locked like a revocation or a rotation of this certificate: whichever comes second sees
        // what the first did (two owners asking at once get one request and one conflict).
        NodeIdentity identity = lockedIdentity(clusterId, hex);
        Instant now = clock.instant();
        if (!NodeIdentity.ACTIVE.equals(identity.status()) || identity.isExpiredAt(now)) {
            String state = NodeIdentity.ACTIVE.equals(identity.status()) ? CertificateView.EXPIRED : identity.status();
            throw new ConflictException("certificate_not_active", "The certificate is " + state
                    + "; only the certificate a node presents now (active) can be rotated on request");
        }
        ClusterMembership membership = em.createQuery("select m from ClusterMembership m where m.nodeId = :n"
                        + " and m.clusterId = :c", ClusterMembership.class)
                .setParameter("n", identity.nodeId()).setParameter("c", clusterId).getResultStream().findFirst()
                .orElseThrow(() -> new NotFoundException("Node membership"));
        if (!membership.isActive()) {
            throw new ConflictException("membership_not_active", "The node's membership in this cluster is "
                    + membership.status() + "; it cannot rotate there");
        }
        var open = rotationRequests.openFor(List.of(identity.id())).get(identity.id());
        if (open != null) {
            throw new ConflictException("rotation_already_requested", "A rotation of this certificate was already"
                    + " requested by " + open.requestedBy() + " at " + open.requestedAt());
        }
        clusters.requireHealthyAuthority(caller, clusterId, ROTATION_REQUEST_REFUSED_EVENT, "node_identity",
                identity.id());
        CertificateRotationRequest request = new CertificateRotationRequest(identity, why, caller.username(), now);
        em.persist(request);
        audit.record(AuditEntry.byPerson(caller, ROTATION_REQUESTED_EVENT).cluster(clusterId).node(identity.nodeId())
                .target("certificate_rotation_request", request.id()).detail("serial", hex)
                .detail("nodeIdentityId", identity.id()).detail("reason", why).build());
        return RotationRequestView.of(request);
    }

    /**
     * Withdraws an open rotation request (the node keeps its certificate until its own rotation is
     * due). Not high-risk: it issues nothing. The request is loaded by cluster and id and locked, so
     * a cancellation racing the node's rotation either wins or gets {@code rotation_request_closed}.
     */
    public void cancelRotationRequest(Caller caller, UUID clusterId, UUID requestId) {
        access.requirePlatformOwner(caller);
        CertificateRotationRequest request = em.createQuery("select r from CertificateRotationRequest r"
                        + " where r.clusterId = :c and r.id = :id", CertificateRotationRequest.class)
                .setParameter("c", clusterId).setParameter("id", requestId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultStream().findFirst()
                .orElseThrow(() -> new NotFoundException("Rotation request"));
        if (!request.isOpen()) {
            throw new ConflictException("rotation_request_closed", "The rotation request is already "
                    + request.status() + " (" + request.closedBy() + ", " + request.closedAt() + ")");
        }
        request.cancel(caller.username(), clock.instant());
        NodeIdentity identity = em.find(NodeIdentity.class, request.nodeIdentityId());
        audit.record(AuditEntry.byPerson(caller, ROTATION_REQUEST_CANCELLED_EVENT).cluster(clusterId)
                .node(request.nodeId()).target("certificate_rotation_request", request.id())
                .detail("serial", identity.certificateSerial()).detail("requestedBy", request.requestedBy())
                .detail("cause", "cancelled").build());
    }

    private static String serial(String serial) {
        String hex = Inputs.required("serial", serial, 64).toLowerCase(Locale.ROOT);
        if (!SERIAL.matcher(hex).matches()) {
            throw new ValidationException("serial", "The serial is the certificate's serial number in hexadecimal");
        }
        return hex;
    }

    private NodeIdentity lockedIdentity(UUID clusterId, String hex) {
        return em.createQuery("select i from NodeIdentity i where i.clusterId = :c and i.certificateSerial = :s",
                        NodeIdentity.class)
                .setParameter("c", clusterId).setParameter("s", hex).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst().orElseThrow(() -> new NotFoundException("Certificate"));
    }

    /** For a node of the cluster (proof of a usable identity): the certificates its peers must refuse. */
    public RevocationList revocations(UUID nodeId, UUID clusterId, SignedRequest request) {
        authenticator.authenticate(nodeId, clusterId, request);
        return revocationLists.current(clusterId);
    }
}
