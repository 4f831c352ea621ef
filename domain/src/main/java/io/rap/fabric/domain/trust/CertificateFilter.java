package io.rap.fabric.domain.trust;

import io.rap.fabric.domain.shared.ValidationException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * What the fleet-wide certificate list shows. {@code clusterId} null means every cluster;
 * {@code view} is one of {@link #VIEWS}: {@code all}, a status ({@code active}, {@code rotated},
 * {@code revoked}, {@code expired}) or {@code expiring}: active certificates whose validity ends
 * within {@code expiringWithin}. The agent renews at two thirds of the lifetime, so an active
 * certificate that close to its end means renewal is failing.
 * {@code sortBy} is one of {@link #SORT_FIELDS}.
 */
public record CertificateFilter(UUID clusterId, String view, Duration expiringWithin, String sortBy,
                                boolean ascending) {

    public static final String ALL = "all";
    public static final String EXPIRING = "expiring";
    public static final List<String> VIEWS = List.of(ALL, EXPIRING, NodeIdentity.ACTIVE, NodeIdentity.ROTATED,
            NodeIdentity.REVOKED, CertificateView.EXPIRED);
    public static final List<String> SORT_FIELDS = List.of("notAfter", "notBefore", "cluster", "node", "serial");
    public static final Duration DEFAULT_EXPIRY_WINDOW = Duration.ofDays(7);
    public static final Duration MAX_EXPIRY_WINDOW = Duration.ofDays(365);

    public CertificateFilter {
        view = view == null || view.isBlank() ? ALL : view;
        expiringWithin = expiringWithin == null ? DEFAULT_EXPIRY_WINDOW : expiringWithin;
        sortBy = sortBy == null || sortBy.isBlank() ? "notAfter" : sortBy;
        if (!VIEWS.contains(view)) {
            throw new ValidationException("view", "Unknown certificate view '" + view + "'; known: " + VIEWS);
        }
        if (!SORT_FIELDS.contains(sortBy)) {
            throw new ValidationException("sortBy", "Certificates can be sorted by " + SORT_FIELDS);
        }
        if (expiringWithin.isNegative() || expiringWithin.isZero() || expiringWithin.compareTo(MAX_EXPIRY_WINDOW) > 0) {
            throw new ValidationException("expiringWithin", "The expiry window must be between 1 day and "
                    + MAX_EXPIRY_WINDOW.toDays() + " days");
        }
    }

    /** Every certificate of every cluster, the ones ending soonest first. */
    public static CertificateFilter all() {
        return new CertificateFilter(null, ALL, null, null, true);
    }

    public CertificateFilter inCluster(UUID id) {
        return new CertificateFilter(id, view, expiringWithin, sortBy, ascending);
    }

    public CertificateFilter showing(String newView) {
        return new CertificateFilter(clusterId, newView, expiringWithin, sortBy, ascending);
    }

    public CertificateFilter expiringWithin(Duration window) {
        return new CertificateFilter(clusterId, view, window, sortBy, ascending);
    }
}
