package io.rap.fabric.domain.trust;

import io.rap.fabric.domain.access.AccessPolicy;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.audit.AuditEntry;
import io.rap.fabric.domain.audit.AuditLog;
import io.rap.fabric.domain.node.NodeAuthenticator;
import io.rap.fabric.domain.node.SignedRequest;
import io.rap.fabric.domain.shared.ConflictException;
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
import java.util.UUID;
import java.util.regex.Pattern;

/** Node certificates one by one: the owner's list and revocation, and the revocation list for nodes. */
@ApplicationScoped
@Transactional
public class NodeCertificateService {

    public static final String REVOKED_EVENT = "certificate.revoked";
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
    Clock clock;

    /** Every certificate the node was issued, per cluster, newest first. */
    public List<CertificateView> certificates(Caller caller, UUID nodeId) {
        access.requirePlatformOwner(caller);
        Instant now = clock.instant();
        return em.createQuery("select i from NodeIdentity i where i.nodeId = :n order by i.clusterId, i.createdAt desc",
                        NodeIdentity.class)
                .setParameter("n", nodeId).getResultStream().map(i -> CertificateView.of(i, now)).toList();
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
        String hex = Inputs.required("serial", serial, 64).toLowerCase(Locale.ROOT);
        if (!SERIAL.matcher(hex).matches()) {
            throw new ValidationException("serial", "The serial is the certificate's serial number in hexadecimal");
        }
        NodeIdentity identity = em.createQuery("select i from NodeIdentity i where i.clusterId = :c"
                        + " and i.certificateSerial = :s", NodeIdentity.class)
                .setParameter("c", clusterId).setParameter("s", hex).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst().orElseThrow(() -> new NotFoundException("Certificate"));
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
        return CertificateView.of(identity, now);
    }

    /** For a node of the cluster (proof of a usable identity): the certificates its peers must refuse. */
    public RevocationList revocations(UUID nodeId, UUID clusterId, SignedRequest request) {
        authenticator.authenticate(nodeId, clusterId, request);
        return revocationLists.current(clusterId);
    }
}
