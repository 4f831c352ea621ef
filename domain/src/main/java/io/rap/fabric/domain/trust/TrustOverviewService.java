package io.rap.fabric.domain.trust;

import io.rap.fabric.domain.access.AccessPolicy;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.Pem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The owner console's trust page: every cluster's CA and every issued node certificate, read
 * only. Revocation stays with {@link NodeCertificateService#revokeCertificate}, the same method
 * the node page uses. Trust material is the platform owner's alone, so both reads require it.
 */
@ApplicationScoped
@Transactional
public class TrustOverviewService {

    /** Sort keys of {@link CertificateFilter} to columns; never a caller's string in the query. */
    private static final Map<String, String> SORT_COLUMNS = Map.of("notAfter", "i.certificateNotAfter",
            "notBefore", "i.certificateNotBefore", "cluster", "c.name", "node", "n.name",
            "serial", "i.certificateSerial");

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    AccessPolicy access;

    @Inject
    Clock clock;

    /**
     * Each cluster's certificate authorities (the active one first), with the cluster's authority
     * state; {@code clusterId} null means every cluster.
     */
    public Page<AuthorityView> authorities(Caller caller, UUID clusterId, PageRequest page) {
        access.requirePlatformOwner(caller);
        String where = clusterId == null ? "" : " where ca.clusterId = :cluster";
        TypedQuery<Object[]> query = em.createQuery("select ca, c.name, a.state, a.term"
                + " from ClusterCertificateAuthority ca join Cluster c on c.id = ca.clusterId"
                + " join ClusterAuthority a on a.clusterId = ca.clusterId" + where
                + " order by c.name, c.id, ca.status, ca.notAfter desc", Object[].class);
        TypedQuery<Long> count = em.createQuery("select count(ca) from ClusterCertificateAuthority ca" + where,
                Long.class);
        if (clusterId != null) {
            query.setParameter("cluster", clusterId);
            count.setParameter("cluster", clusterId);
        }
        var items = query.setFirstResult(page.offset()).setMaxResults(page.limit()).getResultStream()
                .map(row -> view((ClusterCertificateAuthority) row[0], (String) row[1], (String) row[2],
                        (Long) row[3])).toList();
        return new Page<>(items, count.getSingleResult(), page.offset(), page.limit());
    }

    /** Issued node certificates across the fleet (or one cluster), filtered, sorted and paged in SQL. */
    public Page<FleetCertificateView> certificates(Caller caller, CertificateFilter filter, PageRequest page) {
        access.requirePlatformOwner(caller);
        Instant now = clock.instant();
        String where = where(filter);
        String order = SORT_COLUMNS.get(filter.sortBy()) + (filter.ascending() ? " asc" : " desc") + ", i.id";
        // The open rotation request rides along (at most one per identity, a unique index): the row
        // shows who asked and when without a query per row.
        TypedQuery<Object[]> query = em.createQuery("select i, c.name, n.name, r from NodeIdentity i"
                + " join Cluster c on c.id = i.clusterId join Node n on n.id = i.nodeId"
                + " left join CertificateRotationRequest r on r.nodeIdentityId = i.id and r.status = 'open'" + where
                + " order by " + order, Object[].class);
        TypedQuery<Long> count = em.createQuery("select count(i) from NodeIdentity i" + where, Long.class);
        bind(query, filter, now);
        bind(count, filter, now);
        var items = query.setFirstResult(page.offset()).setMaxResults(page.limit()).getResultStream()
                .map(row -> new FleetCertificateView(CertificateView.of((NodeIdentity) row[0], now,
                        (CertificateRotationRequest) row[3]), (String) row[1], (String) row[2])).toList();
        return new Page<>(items, count.getSingleResult(), page.offset(), page.limit());
    }

    private static String where(CertificateFilter filter) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        if (filter.clusterId() != null) {
            where.append(" and i.clusterId = :cluster");
        }
        switch (filter.view()) {
            case CertificateFilter.EXPIRING -> where.append(" and i.status = 'active'"
                    + " and i.certificateNotAfter > :now and i.certificateNotAfter <= :until");
            case NodeIdentity.ACTIVE -> where.append(" and i.status = 'active' and i.certificateNotAfter > :now");
            case NodeIdentity.ROTATED -> where.append(" and i.status = 'rotated' and i.certificateNotAfter > :now");
            case NodeIdentity.REVOKED -> where.append(" and i.status = 'revoked'");
            case CertificateView.EXPIRED -> where.append(" and i.status <> 'revoked' and i.certificateNotAfter <= :now");
            default -> { }
        }
        return where.toString();
    }

    private static void bind(TypedQuery<?> query, CertificateFilter filter, Instant now) {
        if (filter.clusterId() != null) {
            query.setParameter("cluster", filter.clusterId());
        }
        switch (filter.view()) {
            case CertificateFilter.EXPIRING -> query.setParameter("now", now)
                    .setParameter("until", now.plus(filter.expiringWithin()));
            case NodeIdentity.ACTIVE, NodeIdentity.ROTATED, CertificateView.EXPIRED -> query.setParameter("now", now);
            default -> { }
        }
    }

    private static AuthorityView view(ClusterCertificateAuthority ca, String clusterName, String state, long term) {
        X509Certificate certificate = Pem.parseCertificate(ca.certificatePem());
        String fingerprint;
        try {
            fingerprint = Keys.fingerprintSha256Hex(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("stored CA certificate cannot be encoded", e);
        }
        return new AuthorityView(ca.id(), ca.clusterId(), clusterName, ca.subject(), ca.certificateSerial(),
                fingerprint, keyAlgorithm(certificate), ca.kekId(), ca.notBefore(), ca.notAfter(), ca.status(), state,
                term);
    }

    /** E.g. "EC P-256 / SHA256withECDSA": what a person compares with a policy, not an OID. */
    static String keyAlgorithm(X509Certificate certificate) {
        PublicKey key = certificate.getPublicKey();
        String size = "";
        if (key instanceof ECPublicKey ec) {
            size = " P-" + ec.getParams().getCurve().getField().getFieldSize();
        } else if (key instanceof RSAPublicKey rsa) {
            size = " " + rsa.getModulus().bitLength();
        }
        return key.getAlgorithm() + size + " / " + certificate.getSigAlgName();
    }
}
