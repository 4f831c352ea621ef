package io.rap.fabric.protocol;

import java.math.BigInteger;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The identity a node certificate carries in its URI subject alternative name,
 * {@code urn:rap:cluster:<cluster>:node:<node>}: which node, in which cluster. Peers on the
 * fabric and origin assertions are judged by this name, never by a DNS name or address.
 */
public record NodeUri(UUID clusterId, UUID nodeId) {

    private static final String UUID_TEXT = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final Pattern FORM = Pattern.compile("urn:rap:cluster:(" + UUID_TEXT + "):node:(" + UUID_TEXT + ")");
    private static final int URI_SAN = 6;

    public NodeUri {
        Check.required("clusterId", clusterId);
        Check.required("nodeId", nodeId);
    }

    /** The one node URI of a certificate; empty when it has none, or more than one (ambiguous). */
    public static Optional<NodeUri> of(X509Certificate certificate) {
        List<NodeUri> found = uris(certificate).stream().map(NodeUri::parse).flatMap(Optional::stream).toList();
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    /** Parses the canonical (lower-case) form only, so one identity has one spelling. */
    public static Optional<NodeUri> parse(String uri) {
        Matcher m = FORM.matcher(uri);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new NodeUri(UUID.fromString(m.group(1)), UUID.fromString(m.group(2))));
    }

    /** A certificate serial as the snapshot's {@code revokedSerials} list it: lower-case hex, no leading zeros. */
    public static String serialHex(X509Certificate certificate) {
        return serialHex(certificate.getSerialNumber());
    }

    public static String serialHex(BigInteger serial) {
        return serial.toString(16);
    }

    @Override
    public String toString() {
        return "urn:rap:cluster:" + clusterId + ":node:" + nodeId;
    }

    private static List<String> uris(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return List.of();
            }
            return names.stream().filter(n -> Integer.valueOf(URI_SAN).equals(n.get(0)))
                    .map(n -> (String) n.get(1)).toList();
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }
}
