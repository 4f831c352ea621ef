package io.rap.fabric.it;

import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.cluster.NewCluster;
import io.rap.fabric.domain.enrollment.EnrollmentSubmission;
import io.rap.fabric.domain.node.HostFactsRecord;
import io.rap.fabric.protocol.Csr;
import io.rap.fabric.protocol.Keys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Callers and inputs the in-container trust tests share; each test still creates its own data. */
final class TrustFixtures {

    private TrustFixtures() {
    }

    /** The platform owner with a level-2 authentication just now. */
    static Caller owner() {
        return new Caller("owner-sub", "it-owner", Set.of(Caller.PLATFORM_OWNER), Optional.of(Instant.now()));
    }

    /** The same owner whose level-2 authentication is missing (a level-1 session). */
    static Caller ownerWithoutStepUp() {
        return new Caller("owner-sub", "it-owner", Set.of(Caller.PLATFORM_OWNER), Optional.empty());
    }

    /** Someone with a fresh level-2 authentication but another portal role. */
    static Caller personWithRole(String realmRole, String username) {
        return new Caller(username + "-sub", username, Set.of(realmRole), Optional.of(Instant.now()));
    }

    static ClusterView newCluster(ClusterService clusters, String slugPrefix) {
        String slug = slugPrefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        return clusters.create(owner(), new NewCluster("Cluster " + slug, slug, "eu-test", null));
    }

    static HostFactsRecord facts(String host) {
        return facts(host, "192.0.2.10");
    }

    /** Host facts with an address of its own, so a page scan can tell one node's address from another's. */
    static HostFactsRecord facts(String host, String address) {
        String fingerprint = Keys.fingerprintSha256Hex(host.getBytes(StandardCharsets.UTF_8));
        String json = "{\"hostname\":\"" + host + "\",\"os\":\"Linux\",\"kernel\":\"6.1\",\"arch\":\"amd64\",\"cpuCount\":2,"
                + "\"memoryBytes\":1024,\"addresses\":[\"" + address + "\"],\"hostFingerprint\":\"" + fingerprint + "\"}";
        return new HostFactsRecord(host, "Linux", "6.1", "amd64", 2, 1024, List.of(address), fingerprint, json);
    }

    static EnrollmentSubmission submission(String rawToken, KeyPair key, String name, List<String> capabilities,
                                           List<String> roles) {
        return submission(rawToken, key, name, facts(name), capabilities, roles, "127.0.0.1");
    }

    static EnrollmentSubmission submission(String rawToken, KeyPair key, String name, HostFactsRecord facts,
                                           List<String> capabilities, List<String> roles, String sourceAddress) {
        return new EnrollmentSubmission(rawToken, Csr.create(key, name), name, facts, capabilities, roles, "it",
                sourceAddress);
    }

    /** A documentation address (RFC 3849) of its own, so a test finds exactly its refusals in the audit log. */
    static String uniqueSourceAddress() {
        String hex = UUID.randomUUID().toString().replace("-", "");
        return "2001:db8:" + hex.substring(0, 4) + ":" + hex.substring(4, 8) + "::" + hex.substring(8, 12);
    }
}
