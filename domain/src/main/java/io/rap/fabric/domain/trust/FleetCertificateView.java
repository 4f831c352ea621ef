package io.rap.fabric.domain.trust;

/** One issued node certificate with the names the fleet-wide list shows next to it. */
public record FleetCertificateView(CertificateView certificate, String clusterName, String nodeName) {
}
