package io.rap.fabric.devstack.fleet;

import io.rap.fabric.domain.audit.ActorKind;
import io.rap.fabric.domain.audit.AuditChain;
import io.rap.fabric.domain.audit.AuditEntry;
import io.rap.fabric.domain.infrastructure.crypto.KeyEncryption;
import io.rap.fabric.domain.infrastructure.crypto.Pki;
import io.rap.fabric.domain.role.RoleCatalog;
import io.rap.fabric.domain.role.RoleDefinition;
import io.rap.fabric.domain.trust.CaMaterial;
import io.rap.fabric.domain.trust.IssuedCertificate;
import io.rap.fabric.protocol.Csr;
import io.rap.fabric.protocol.HostFacts;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.Pem;
import io.rap.fabric.protocol.WorkloadState;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.io.PrintStream;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Writes a realistic fleet straight into the control plane's PostgreSQL, for benchmarks and for
 * trying the owner console on a big fleet (docs/development.md, "A big fleet"). Everything goes in
 * one transaction through {@code COPY}; a failure leaves nothing behind.
 *
 * <p>What is real and what is synthetic: the cluster CAs are made by the domain's own
 * {@link CaMaterial} (the private key wrapped under the server's KEK), every identity row holds a
 * real certificate signed by its cluster CA for a freshly generated key, pending join requests carry
 * real CSRs, and the audit rows are linked by the domain's {@link AuditChain}, so
 * {@code AuditService.verifyChain} accepts them. Synthetic: the history before each node's current
 * certificate (the serials in the rotation and enrollment events of earlier certificates, and the key
 * thumbprint an agent had before its first certificate) exists only in the audit log; approved join
 * requests and superseded identity rows are not written; heartbeats are written for the last
 * {@link FleetSpec#heartbeatMinutes()} only.
 */
public final class FleetSeeder {

    /** Clusters of a seeded fleet have slugs {@code <prefix>-NN}; a second run with the same prefix is refused. */
    public static final class AlreadySeededException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        AlreadySeededException(String message) {
            super(message);
        }
    }

    /** What was written. */
    public record Summary(int clusters, int nodes, int memberships, int identities, long heartbeats,
                          int latestStates, int roleAssignments, int serviceInstances, int joinTokens,
                          int joinRequests, int pendingJoinRequests, long auditEvents, long firstAuditSequence,
                          long lastAuditSequence, Duration took) {
    }

    private static final String[] REGIONS = {"eu-central", "us-east", "ap-south", "eu-west", "us-west", "sa-east",
            "ap-east", "eu-north", "me-central", "af-south"};
    private static final String[] CITIES = {"Frankfurt", "Virginia", "Mumbai", "Dublin", "Oregon", "Sao Paulo",
            "Hong Kong", "Stockholm", "Bahrain", "Cape Town"};
    private static final String[][] OPERATING_SYSTEMS = {
            {"Debian GNU/Linux 12 (bookworm)", "6.1.0-28-amd64"},
            {"Ubuntu 24.04.1 LTS", "6.8.0-49-generic"},
            {"Ubuntu 22.04.5 LTS", "5.15.0-126-generic"},
            {"Rocky Linux 9.5 (Blue Onyx)", "5.14.0-503.14.1.el9_5.x86_64"}};
    /** Host profiles: a name part and the capabilities such a host reports. */
    private static final String[][] PROFILES = {
            {"core", "can_route_mesh", "can_relay", "can_store_config"},
            {"edge", "can_accept_entry", "can_serve_https", "can_relay"},
            {"svc", "can_run_remote_access", "can_run_processes", "can_run_egress"},
            {"vpn", "can_run_vpn_exit", "can_run_vpn_connector", "can_run_egress"},
            {"relay", "can_relay", "can_route_mesh"}};
    private static final double[] PROFILE_WEIGHTS = {0.10, 0.20, 0.40, 0.20, 0.10};
    private static final String[] AGENT_VERSIONS = {"0.9.4", "0.10.2", "0.11.0"};
    private static final double[] AGENT_VERSION_WEIGHTS = {0.08, 0.30, 0.62};
    /** Workload types today's agent runs; the others it reports degraded (DESIGN.md §1, rule 8). */
    private static final List<String> RUNNABLE = List.of(RoleCatalog.SYNTHETIC_ECHO, RoleCatalog.PROCESS);
    private static final Duration ROTATION_PERIOD = Duration.ofDays(20);
    private static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(30);
    private static final Duration TOKEN_PERIOD = Duration.ofDays(30);

    private final FleetSpec spec;
    private final KeyEncryption kek;
    private final Instant now;
    private final Instant start;
    private final Random random;
    private final PrintStream log;
    private final List<Event> events = new ArrayList<>();

    private final List<ClusterSeed> clusters = new ArrayList<>();
    private final List<NodeSeed> nodes = new ArrayList<>();
    private final List<MembershipSeed> memberships = new ArrayList<>();
    private final List<TokenSeed> tokens = new ArrayList<>();

    private FleetSeeder(FleetSpec spec, byte[] kekBytes, Instant now, PrintStream log) {
        this.spec = spec;
        this.kek = new KeyEncryption(kekBytes);
        this.now = now;
        this.start = now.minus(Duration.ofDays(spec.auditDays()));
        this.random = new Random(spec.randomSeed());
        this.log = log;
    }

    /**
     * Seeds the fleet through {@code connection} (a PostgreSQL connection; its auto-commit is switched off
     * and the work committed at the end). Refuses with {@link AlreadySeededException} when clusters with the
     * spec's prefix exist.
     *
     * @param kekBytes the server's {@code RAP_CA_KEK} (32 bytes): the seeded CA keys are wrapped under it
     */
    public static Summary seed(Connection connection, FleetSpec spec, byte[] kekBytes, Instant now,
                               PrintStream log) throws SQLException {
        return new FleetSeeder(spec, kekBytes, now, log).run(connection);
    }

    private Summary run(Connection c) throws SQLException {
        long began = System.nanoTime();
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement()) {
                // Two seeders at once would both pass the check below.
                s.execute("select pg_advisory_xact_lock(" + 0x5eedf1ee + ")");
            }
            refuseIfSeeded(c);
            step("planning clusters, nodes, memberships and history", this::plan);
            step("making " + memberships.size() + " certificates and " + spec.clusters() + " CAs", this::issue);
            Summary summary = write(c, began);
            c.commit();
            log.printf("seed-fleet: committed in %.1f s%n", (System.nanoTime() - began) / 1e9);
            return summary;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Updates the planner's statistics; run after the commit, outside any transaction. */
    public static void analyze(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("analyze");
        }
    }

    private void refuseIfSeeded(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("select count(*) from clusters where slug like ?")) {
            q.setString(1, spec.prefix() + "-%");
            try (ResultSet r = q.executeQuery()) {
                r.next();
                long existing = r.getLong(1);
                if (existing > 0) {
                    throw new AlreadySeededException("this database already holds a fleet with the prefix '"
                            + spec.prefix() + "' (" + existing + " clusters); nothing was written. Start from an"
                            + " empty dev database (./rap-dev down && rm -rf target/rap-dev/pgdata) or choose"
                            + " another --prefix");
                }
            }
        }
    }

    private void step(String what, Runnable work) {
        long t = System.nanoTime();
        log.println("seed-fleet: " + what + " ...");
        work.run();
        log.printf("seed-fleet:   %.1f s%n", (System.nanoTime() - t) / 1e9);
    }

    // ---- planning: every random choice is made here, in a fixed order, from the seeded Random ----

    private void plan() {
        for (int i = 0; i < spec.clusters(); i++) {
            ClusterSeed cluster = new ClusterSeed();
            cluster.id = uuid();
            cluster.slug = String.format("%s-%02d", spec.prefix(), i + 1);
            cluster.region = REGIONS[i % REGIONS.length] + "-" + (1 + i / REGIONS.length);
            cluster.name = CITIES[i % CITIES.length] + (i < CITIES.length ? "" : " " + (1 + i / CITIES.length))
                    + " (" + cluster.slug + ")";
            cluster.createdAt = start.plus(Duration.ofMinutes(10L * i));
            // Uneven on purpose: the first clusters are much bigger than the last.
            cluster.weight = 1.0 / Math.pow(i + 1, 0.9);
            cluster.authority = spec.clusters() >= 4 && i == 3 ? "degraded"
                    : spec.clusters() >= 7 && i == 6 ? "minority_partition" : "healthy";
            clusters.add(cluster);
            event(cluster.createdAt, person("cluster.created", cluster.id, null, "cluster", cluster.id,
                    "name", cluster.name, "slug", cluster.slug, "region", cluster.region));
            planTokens(cluster);
        }
        for (int i = 0; i < spec.nodes(); i++) {
            planNode(i);
        }
        for (ClusterSeed cluster : clusters) {
            planJoinRequests(cluster);
            if (!cluster.authority.equals("healthy")) {
                Instant at = now.minus(Duration.ofMinutes(30 + random.nextInt(600)));
                event(at, person("cluster.authority_changed", cluster.id, null, "cluster", cluster.id, "from",
                        "healthy", "to", cluster.authority, "term", "2", "reason", cluster.authority.equals("degraded")
                                ? "two of five config-storage nodes unreachable" : "network split at the region edge"));
                cluster.authorityChangedAt = at;
            }
        }
        planRefusalNoise();
    }

    private void planTokens(ClusterSeed cluster) {
        for (Instant t = cluster.createdAt.plus(Duration.ofMinutes(5)); t.isBefore(now); t = t.plus(TOKEN_PERIOD)) {
            TokenSeed token = new TokenSeed();
            token.id = uuid();
            token.cluster = cluster;
            token.createdAt = t;
            token.expiresAt = t.plus(TOKEN_PERIOD);
            token.hash = new byte[32];
            random.nextBytes(token.hash);
            tokens.add(token);
            cluster.tokens.add(token);
            event(t, person("join_token.created", cluster.id, null, "join_token", token.id, "expiresAt",
                    token.expiresAt.toString(), "maxUses", "1000", "allowedRoles", ""));
        }
        if (cluster.tokens.size() > 2) {
            // Someone lost a token once: revoked before its end.
            TokenSeed lost = cluster.tokens.get(1);
            lost.revokedAt = lost.createdAt.plus(Duration.ofDays(2));
            event(lost.revokedAt, person("join_token.revoked", cluster.id, null, "join_token", lost.id));
        }
    }

    private TokenSeed tokenAt(ClusterSeed cluster, Instant at) {
        TokenSeed chosen = cluster.tokens.get(0);
        for (TokenSeed token : cluster.tokens) {
            if (!token.createdAt.isAfter(at) && token.revokedAt == null) {
                chosen = token;
            }
        }
        return chosen;
    }

    private void planNode(int index) {
        NodeSeed node = new NodeSeed();
        node.id = uuid();
        int profile = pick(PROFILE_WEIGHTS);
        ClusterSeed home = clusters.get(pickCluster());
        node.name = String.format("%s-%s-%05d", home.region.replace("-", ""), PROFILES[profile][0], index + 1);
        node.hostname = node.name + "." + home.region + ".fabric.example.net";
        String[] os = OPERATING_SYSTEMS[random.nextInt(OPERATING_SYSTEMS.length)];
        node.os = os[0];
        node.kernel = os[1];
        node.arch = random.nextDouble() < 0.15 ? "aarch64" : "x86_64";
        node.cpuCount = new int[] {2, 4, 8, 16, 32, 64}[random.nextInt(6)];
        node.memoryBytes = node.cpuCount * (2L + random.nextInt(3)) * 1024 * 1024 * 1024;
        byte[] fingerprint = new byte[32];
        random.nextBytes(fingerprint);
        node.hostFingerprint = HexFormat.of().formatHex(fingerprint);
        String address = "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
        node.factsJson = new HostFacts(node.hostname, node.os, node.kernel, node.arch, node.cpuCount,
                node.memoryBytes, List.of(address), node.hostFingerprint).toJson().toString();
        node.capabilities = List.of(PROFILES[profile]).subList(1, PROFILES[profile].length);
        // An initial roll-out in the first week, then steady growth; a few joined minutes ago.
        double when = random.nextDouble();
        Instant enrolled = when < 0.30 ? home.createdAt.plus(Duration.ofMinutes(30 + random.nextInt(7 * 24 * 60)))
                : when < 0.99 ? between(home.createdAt.plus(Duration.ofDays(7)), now.minus(Duration.ofHours(2)))
                : now.minus(Duration.ofMinutes(2 + random.nextInt(60)));
        if (enrolled.isAfter(now.minus(Duration.ofMinutes(2)))) {
            enrolled = now.minus(Duration.ofMinutes(2));
        }
        node.createdAt = enrolled;
        nodes.add(node);
        planMembership(node, home, enrolled);
        if (clusters.size() > 1 && random.nextDouble() < 0.06) {
            ClusterSeed second = clusters.get(pickCluster());
            if (second != home) {
                planMembership(node, second, between(enrolled, now.minus(Duration.ofMinutes(1))));
            }
        }
        node.revoked = node.memberships.stream().allMatch(m -> m.status.equals("revoked"));
    }

    private void planMembership(NodeSeed node, ClusterSeed cluster, Instant joined) {
        MembershipSeed m = new MembershipSeed();
        m.id = uuid();
        m.node = node;
        m.cluster = cluster;
        m.joinedAt = joined;
        m.agentVersion = AGENT_VERSIONS[pick(AGENT_VERSION_WEIGHTS)];
        node.memberships.add(m);
        memberships.add(m);
        cluster.members++;

        double fate = random.nextDouble();
        long ageMinutes = Duration.between(joined, now).toMinutes();
        m.status = fate < 0.015 ? "disabled" : fate < 0.02 ? "revoked" : fate < 0.03 ? "left" : "active";
        if (!m.status.equals("active") && ageMinutes < 120) {
            m.status = "active";
        }
        Instant ended = m.status.equals("active") ? null : between(joined.plus(Duration.ofMinutes(60)), now);

        // The last heartbeat and the reported health.
        double health = random.nextDouble();
        if (ended != null) {
            m.lastHeartbeat = ended.minus(Duration.ofSeconds(random.nextInt(spec.heartbeatSeconds())));
            m.health = "healthy";
        } else if (ageMinutes < 60 && health < 0.3) {
            m.lastHeartbeat = null; // approved, agent not started yet: health unknown
        } else if (health < 0.04) {
            // Silent: minutes to days; a few for so long that their certificate has expired meanwhile.
            long silentFor = health < 0.005 ? Duration.ofDays(31 + random.nextInt(30)).toSeconds()
                    : 120 + (long) (Math.pow(random.nextDouble(), 3) * Duration.ofDays(5).toSeconds());
            m.lastHeartbeat = now.minusSeconds(silentFor);
            if (m.lastHeartbeat.isBefore(joined)) {
                m.lastHeartbeat = joined.plusSeconds(30);
            }
            m.health = "healthy";
        } else {
            m.lastHeartbeat = now.minusMillis(random.nextInt(spec.heartbeatSeconds() * 1000));
            m.health = health < 0.09 ? "degraded" : health < 0.11 ? "unhealthy" : "healthy";
        }

        // The current certificate: rotated every 20 days while the node heartbeats; some rotations stall.
        Instant alive = m.lastHeartbeat == null ? joined : m.lastHeartbeat;
        Instant issued = joined;
        if (Duration.between(joined, alive).compareTo(ROTATION_PERIOD) > 0) {
            boolean stalled = ended == null && random.nextDouble() < 0.03;
            Duration sinceLast = stalled ? Duration.ofHours(24 * 25 + random.nextInt(24 * 4))
                    : Duration.ofMinutes(random.nextInt((int) ROTATION_PERIOD.toMinutes()));
            issued = alive.minus(sinceLast);
            if (issued.isBefore(joined)) {
                issued = joined;
            }
        }
        m.certificateIssuedAt = issued;
        m.certificateNotAfter = issued.plus(CERTIFICATE_VALIDITY);
        int rotations = (int) (Duration.between(joined, issued).toMinutes() / ROTATION_PERIOD.toMinutes());
        if (rotations == 0 && issued.isAfter(joined)) {
            rotations = 1;
        }
        m.rotationTimes = new ArrayList<>();
        for (int r = 1; r <= rotations; r++) {
            m.rotationTimes.add(joined.plus(Duration.between(joined, issued).multipliedBy(r).dividedBy(rotations)));
        }
        m.historicSerials = new ArrayList<>();
        for (int r = 0; r < rotations; r++) {
            m.historicSerials.add(Pki.newSerial().toString(16));
        }
        byte[] thumb = new byte[32];
        random.nextBytes(thumb);
        m.enrollmentThumbprint = Base64.getUrlEncoder().withoutPadding().encodeToString(thumb);
        m.endedAt = ended;

        planRoles(m);
        planHealthHistory(m);
    }

    private void planRoles(MembershipSeed m) {
        List<RoleDefinition> eligible = RoleCatalog.all().stream()
                .filter(r -> m.node.capabilities.contains(r.requiredCapability())).toList();
        int count = eligible.isEmpty() ? 0 : 1 + random.nextInt(Math.min(3, eligible.size()));
        List<RoleDefinition> shuffled = new ArrayList<>(eligible);
        java.util.Collections.shuffle(shuffled, random);
        Instant at = m.joinedAt.plus(Duration.ofMinutes(1 + random.nextInt(30)));
        if (at.isAfter(now)) {
            at = now.minusSeconds(5);
        }
        for (int i = 0; i < count; i++) {
            RoleDefinition role = shuffled.get(i);
            RoleSeed assignment = new RoleSeed();
            assignment.id = uuid();
            assignment.role = role.name();
            assignment.assignedAt = at;
            assignment.status = "active";
            m.roles.add(assignment);
            m.desiredStateVersion++;
            event(at, person("role.assigned", m.cluster.id, m.node.id, "role_assignment", assignment.id, "role",
                    role.name(), "organizationId", null, "desiredStateVersion", Long.toString(m.desiredStateVersion)));
            for (String type : role.workloadTypes()) {
                // Two roles may authorize one type (core-mesh and relay: synthetic.echo): one instance.
                if (m.workloads.stream().noneMatch(w -> w.type.equals(type))) {
                    planWorkload(m, type, at.plusSeconds(20));
                }
            }
        }
        if (count > 0 && random.nextDouble() < 0.05 && m.joinedAt.isBefore(now.minus(Duration.ofDays(2)))) {
            // A role that was tried and taken away again.
            RoleDefinition role = shuffled.get(0);
            RoleSeed removed = new RoleSeed();
            removed.id = uuid();
            removed.role = role.name();
            removed.assignedAt = at.minus(Duration.ofSeconds(50));
            removed.status = "disabled";
            removed.updatedAt = between(at, now.minus(Duration.ofDays(1)));
            m.roles.add(0, removed);
            m.desiredStateVersion += 2;
            event(removed.assignedAt, person("role.assigned", m.cluster.id, m.node.id, "role_assignment", removed.id,
                    "role", role.name(), "organizationId", null, "desiredStateVersion", "0"));
            event(removed.updatedAt, person("role.removed", m.cluster.id, m.node.id, "role_assignment", removed.id,
                    "role", role.name(), "organizationId", null,
                    "desiredStateVersion", Long.toString(m.desiredStateVersion)));
        }
    }

    private void planWorkload(MembershipSeed m, String type, Instant at) {
        WorkloadSeed w = new WorkloadSeed();
        w.id = uuid();
        w.name = type.replace('.', '-');
        w.type = type;
        w.desired = random.nextDouble() < 0.05 ? "disabled" : "enabled";
        w.createdAt = at;
        if (m.lastHeartbeat != null && m.lastHeartbeat.isAfter(at)) {
            w.reportedAt = m.lastHeartbeat;
            double r = random.nextDouble();
            if (w.desired.equals("disabled")) {
                w.reportedState = "stopped";
            } else if (!RUNNABLE.contains(type)) {
                w.reportedState = "degraded";
                w.reportedReason = "workload type " + type + " is not supported by this agent (modelled only)";
            } else if (r < 0.04) {
                w.reportedState = "failed";
                w.reportedReason = "exited with status 1; restarting in 32 s (5 restarts in the last 10 minutes)";
            } else if (r < 0.07) {
                w.reportedState = "starting";
            } else {
                w.reportedState = "running";
            }
        }
        m.workloads.add(w);
        m.desiredStateVersion++;
        event(at, person("workload.desired_set", m.cluster.id, m.node.id, "service_instance", w.id, "name", w.name,
                "type", type, "settings", "{}", "created", "true", "desired", w.desired, "desiredStateVersion",
                Long.toString(m.desiredStateVersion)));
    }

    private void planHealthHistory(MembershipSeed m) {
        if (m.lastHeartbeat == null) {
            return;
        }
        int episodes = random.nextInt(4);
        for (int i = 0; i < episodes; i++) {
            Instant from = between(m.joinedAt.plus(Duration.ofMinutes(5)), m.lastHeartbeat);
            Instant to = from.plus(Duration.ofMinutes(1 + random.nextInt(90)));
            if (to.isAfter(m.lastHeartbeat)) {
                continue;
            }
            String bad = random.nextDouble() < 0.7 ? "degraded" : "unhealthy";
            event(from, node("node.health_changed", m, "node", m.node.id, "from", "healthy", "to", bad));
            event(to, node("node.health_changed", m, "node", m.node.id, "from", bad, "to", "healthy"));
        }
        if (!m.health.equals("healthy")) {
            event(m.lastHeartbeat.minus(Duration.ofMinutes(1 + random.nextInt(30))),
                    node("node.health_changed", m, "node", m.node.id, "from", "healthy", "to", m.health));
        }
    }

    private void planJoinRequests(ClusterSeed cluster) {
        TokenSeed current = tokenAt(cluster, now);
        for (int i = 0; i < spec.pendingPerCluster() + 2; i++) {
            JoinRequestSeed request = new JoinRequestSeed();
            request.id = uuid();
            request.cluster = cluster;
            request.token = current;
            request.status = i < spec.pendingPerCluster() ? "pending" : i == spec.pendingPerCluster() ? "rejected"
                    : "expired";
            int profile = pick(PROFILE_WEIGHTS);
            request.nodeName = String.format("%s-%s-new%03d", cluster.region.replace("-", ""), PROFILES[profile][0],
                    i + 1);
            byte[] fingerprint = new byte[32];
            random.nextBytes(fingerprint);
            request.hostFingerprint = HexFormat.of().formatHex(fingerprint);
            request.capabilities = List.of(PROFILES[profile]).subList(1, PROFILES[profile].length);
            request.requestedRoles = RoleCatalog.all().stream()
                    .filter(r -> request.capabilities.contains(r.requiredCapability())).map(RoleDefinition::name)
                    .limit(2).toList();
            String[] os = OPERATING_SYSTEMS[random.nextInt(OPERATING_SYSTEMS.length)];
            request.factsJson = new HostFacts(request.nodeName + "." + cluster.region + ".fabric.example.net", os[0],
                    os[1], "x86_64", 8, 16L << 30, List.of("10.99." + random.nextInt(256) + "." + (1 + i)),
                    request.hostFingerprint).toJson().toString();
            request.createdAt = request.status.equals("pending")
                    ? now.minus(Duration.ofMinutes(1 + random.nextInt(48 * 60)))
                    : now.minus(Duration.ofDays(4 + random.nextInt(20)));
            request.sourceAddress = "198.51.100." + (1 + random.nextInt(250));
            cluster.joinRequests.add(request);
            current.used++;
        }
    }

    private void planRefusalNoise() {
        // Background noise every real fleet has: expired tokens and strangers knocking, about twice a day.
        int count = spec.auditDays() * 2;
        for (int i = 0; i < count; i++) {
            ClusterSeed cluster = clusters.get(random.nextInt(clusters.size()));
            TokenSeed token = cluster.tokens.get(random.nextInt(cluster.tokens.size()));
            Instant at = between(start, now);
            String code = token.expiresAt.isBefore(at) ? "token_expired" : "csr_invalid";
            event(at, new AuditEntry("join_request.refused", "agent:unverified", ActorKind.NODE, cluster.id, null,
                    null, "join_token", token.id.toString(), details("code", code, "keyThumbprint", null,
                    "sourceAddress", "203.0.113." + (1 + random.nextInt(250)), "nodeName", "scanner-" + i,
                    "requestedRoles", null)));
        }
    }

    // ---- cryptography: the only slow part; parallel, and independent of the random choices ----

    private void issue() {
        for (ClusterSeed cluster : clusters) {
            cluster.ca = CaMaterial.create(cluster.id, cluster.slug, kek, cluster.createdAt);
            event(cluster.createdAt, person("trust.ca_created", cluster.id, null, "certificate_authority",
                    cluster.caId, "serial", cluster.ca.serialHex(), "notAfter", cluster.ca.notAfter().toString()));
        }
        IntStream.range(0, memberships.size()).parallel().forEach(i -> {
            MembershipSeed m = memberships.get(i);
            m.identityId = new UUID(m.id.getMostSignificantBits() ^ 0x1d, m.id.getLeastSignificantBits());
            KeyPair key = Keys.generateP256();
            m.publicKeyPem = Pem.encodePublicKey(key.getPublic());
            m.thumbprint = Keys.thumbprint(key.getPublic());
            m.certificate = m.cluster.ca.issue(m.node.id, key.getPublic(), m.node.name, m.certificateIssuedAt,
                    m.certificateNotAfter);
        });
        List<JoinRequestSeed> requests = clusters.stream().flatMap(c -> c.joinRequests.stream()).toList();
        requests.parallelStream().forEach(r -> {
            KeyPair key = Keys.generateP256();
            r.publicKeyPem = Pem.encodePublicKey(key.getPublic());
            r.thumbprint = Keys.thumbprint(key.getPublic());
            r.csrPem = Csr.create(key, r.nodeName);
        });
        // The events that name the keys and serials made just now.
        for (MembershipSeed m : memberships) {
            enrollmentEvents(m);
        }
        for (JoinRequestSeed r : requests) {
            event(r.createdAt, new AuditEntry("join_request.received", "agent:" + r.thumbprint, ActorKind.NODE,
                    r.cluster.id, null, null, "join_request", r.id.toString(), details("nodeName", r.nodeName,
                    "hostFingerprint", r.hostFingerprint, "keyThumbprint", r.thumbprint, "joinToken",
                    r.token.id.toString(), "sourceAddress", r.sourceAddress)));
            if (r.status.equals("rejected")) {
                event(r.createdAt.plus(Duration.ofHours(3)), person("join_request.rejected", r.cluster.id, null,
                        "join_request", r.id, "reason", "unknown host, not in the inventory"));
            } else if (r.status.equals("expired")) {
                event(r.createdAt.plus(Duration.ofHours(72)), new AuditEntry("join_request.expired", "system",
                        ActorKind.SYSTEM, r.cluster.id, null, null, "join_request", r.id.toString(),
                        details("createdAt", r.createdAt.toString())));
            }
        }
    }

    private void enrollmentEvents(MembershipSeed m) {
        UUID requestId = uuid();
        TokenSeed token = tokenAt(m.cluster, m.joinedAt);
        token.used++;
        event(m.joinedAt.minus(Duration.ofMinutes(3)), new AuditEntry("join_request.received",
                "agent:" + m.enrollmentThumbprint, ActorKind.NODE, m.cluster.id, null, null, "join_request",
                requestId.toString(), details("nodeName", m.node.name, "hostFingerprint", m.node.hostFingerprint,
                "keyThumbprint", m.enrollmentThumbprint, "joinToken", token.id.toString(), "sourceAddress",
                "10.0.0.1")));
        List<String> serials = new ArrayList<>(m.historicSerials);
        serials.add(m.certificate.serialHex());
        // With no rotation the first certificate is the current one.
        String firstSerial = serials.get(0);
        Instant firstNotAfter = m.rotationTimes.isEmpty() ? m.certificateNotAfter
                : m.joinedAt.plus(CERTIFICATE_VALIDITY);
        event(m.joinedAt, person("join_request.approved", m.cluster.id, m.node.id, "join_request", requestId,
                "nodeName", m.node.name, "keyThumbprint", m.enrollmentThumbprint));
        event(m.joinedAt, person("node.certificate_issued", m.cluster.id, m.node.id, "node", m.node.id, "serial",
                firstSerial, "notAfter", firstNotAfter.toString()));
        for (int r = 0; r < m.rotationTimes.size(); r++) {
            Instant at = m.rotationTimes.get(r);
            boolean last = r == m.rotationTimes.size() - 1;
            String thumbprint = last ? m.thumbprint : m.enrollmentThumbprint.substring(0, 40) + String.format("%03d", r);
            event(at, node("certificate.rotated", m, "node_identity", last ? m.identityId : uuid(), "oldSerial",
                    serials.get(r), "newSerial", serials.get(r + 1), "notAfter",
                    (last ? m.certificateNotAfter : at.plus(CERTIFICATE_VALIDITY)).toString(),
                    "keyThumbprint", thumbprint));
        }
        if (m.endedAt != null) {
            switch (m.status) {
                case "disabled" -> event(m.endedAt, person("node.membership_disabled", m.cluster.id, m.node.id,
                        "cluster_membership", m.id, "reason", "host scheduled for hardware replacement"));
                case "revoked" -> event(m.endedAt, person("node.identity_revoked", m.cluster.id, m.node.id,
                        "node_identity", m.identityId, "serial", m.certificate.serialHex(), "keyThumbprint",
                        m.thumbprint, "reason", "host decommissioned"));
                default -> event(m.endedAt, node("node.left", m, "cluster_membership", m.id, "revokedSerials",
                        m.certificate.serialHex()));
            }
        }
    }

    // ---- writing ----

    private Summary write(Connection c, long began) throws SQLException {
        log.println("seed-fleet: writing clusters, nodes, memberships, identities, roles, workloads ...");
        int roles = 0;
        int workloads = 0;
        try (PgCopy copy = new PgCopy(c, "clusters", "id, name, slug, status, region, description, created_at,"
                + " updated_at, version")) {
            for (ClusterSeed k : clusters) {
                copy.row(k.id, k.name, k.slug, "active", k.region, "Seeded fleet (./rap-dev seed-fleet)",
                        k.createdAt, k.createdAt, 0);
            }
            copy.finish();
        }
        try (PgCopy copy = new PgCopy(c, "cluster_authority_terms", "id, cluster_id, state, term, changed_at,"
                + " changed_by, version")) {
            for (ClusterSeed k : clusters) {
                boolean changed = k.authorityChangedAt != null;
                copy.row(uuid(), k.id, k.authority, changed ? 2 : 1, changed ? k.authorityChangedAt : k.createdAt,
                        spec.owner(), changed ? 1 : 0);
            }
            copy.finish();
        }
        try (PgCopy copy = new PgCopy(c, "cluster_certificate_authorities", "id, cluster_id, subject,"
                + " certificate_pem, certificate_serial, encrypted_private_key, kek_id, not_before, not_after,"
                + " status, created_at")) {
            for (ClusterSeed k : clusters) {
                copy.row(k.caId, k.id, k.ca.subject(), k.ca.certificatePem(), k.ca.serialHex(),
                        k.ca.wrappedPrivateKey(), k.ca.kekId(), k.ca.notBefore(), k.ca.notAfter(), "active",
                        k.createdAt);
            }
            copy.finish();
        }
        try (PgCopy copy = new PgCopy(c, "nodes", "id, name, host_fingerprint, enrollment_status, hostname, os,"
                + " kernel, arch, cpu_count, memory_bytes, facts, created_at, updated_at, version")) {
            for (NodeSeed n : nodes) {
                copy.row(n.id, n.name, n.hostFingerprint, n.revoked ? "revoked" : "enrolled", n.hostname, n.os,
                        n.kernel, n.arch, n.cpuCount, n.memoryBytes, n.factsJson, n.createdAt, n.createdAt, 0);
            }
            copy.finish();
        }
        try (PgCopy copy = new PgCopy(c, "node_capabilities", "id, node_id, capability, reported_at")) {
            for (NodeSeed n : nodes) {
                for (String capability : n.capabilities) {
                    copy.row(uuid(), n.id, capability, n.createdAt);
                }
            }
            copy.finish();
        }
        try (PgCopy copy = new PgCopy(c, "cluster_memberships", "id, cluster_id, node_id, status, joined_at,"
                + " last_seen_at, created_at, updated_at, version, desired_state_version")) {
            for (MembershipSeed m : memberships) {
                copy.row(m.id, m.cluster.id, m.node.id, m.status, m.joinedAt, m.lastHeartbeat, m.joinedAt,
                        m.endedAt != null ? m.endedAt : m.lastHeartbeat != null ? m.lastHeartbeat : m.joinedAt,
                        m.endedAt != null ? 1 : 0, m.desiredStateVersion);
            }
            copy.finish();
        }
        try (PgCopy copy = new PgCopy(c, "node_identities", "id, node_id, cluster_id, public_key_pem,"
                + " key_thumbprint, certificate_pem, certificate_serial, certificate_not_before,"
                + " certificate_not_after, identity_status, rotated_at, revoked_at, revocation_reason, created_at,"
                + " updated_at, version")) {
            for (MembershipSeed m : memberships) {
                boolean revoked = m.status.equals("revoked") || m.status.equals("left");
                String reason = !revoked ? null : m.status.equals("left") ? "the node left the cluster"
                        : "host decommissioned";
                copy.row(m.identityId, m.node.id, m.cluster.id, m.publicKeyPem, m.thumbprint,
                        m.certificate.certificatePem(), m.certificate.serialHex(), m.certificate.notBefore(),
                        m.certificate.notAfter(), revoked ? "revoked" : "active", null, revoked ? m.endedAt : null,
                        reason, m.certificateIssuedAt, revoked ? m.endedAt : m.certificateIssuedAt, revoked ? 1 : 0);
            }
            copy.finish();
        }
        try (PgCopy copy = new PgCopy(c, "node_join_tokens", "id, cluster_id, token_hash, description,"
                + " allowed_roles, expires_at, max_uses, used_count, created_by, created_at, revoked_at, revoked_by,"
                + " version")) {
            for (TokenSeed t : tokens) {
                copy.row(t.id, t.cluster.id, t.hash, "roll-out batch " + t.createdAt.toString().substring(0, 10),
                        "[]", t.expiresAt, 1000, Math.min(t.used, 1000), spec.owner(), t.createdAt, t.revokedAt,
                        t.revokedAt == null ? null : spec.owner(), t.revokedAt == null ? 0 : 1);
            }
            copy.finish();
        }
        int joinRequests = 0;
        int pending = 0;
        try (PgCopy copy = new PgCopy(c, "node_join_requests", "id, cluster_id, join_token_id, node_name,"
                + " host_fingerprint, public_key_pem, key_thumbprint, csr_pem, reported_facts,"
                + " reported_capabilities, requested_roles, agent_version, source_address, status, reviewed_by,"
                + " reviewed_at, approved_node_id, rejection_reason, created_at, updated_at, version")) {
            for (ClusterSeed k : clusters) {
                for (JoinRequestSeed r : k.joinRequests) {
                    boolean rejected = r.status.equals("rejected");
                    Instant decided = rejected ? r.createdAt.plus(Duration.ofHours(3))
                            : r.status.equals("expired") ? r.createdAt.plus(Duration.ofHours(72)) : null;
                    copy.row(r.id, k.id, r.token.id, r.nodeName, r.hostFingerprint, r.publicKeyPem, r.thumbprint,
                            r.csrPem, r.factsJson, jsonStrings(r.capabilities), jsonStrings(r.requestedRoles),
                            AGENT_VERSIONS[AGENT_VERSIONS.length - 1], r.sourceAddress, r.status,
                            rejected ? spec.owner() : null, rejected ? decided : null, null,
                            rejected ? "unknown host, not in the inventory" : null, r.createdAt,
                            decided == null ? r.createdAt : decided, decided == null ? 0 : 1);
                    joinRequests++;
                    pending += r.status.equals("pending") ? 1 : 0;
                }
            }
            copy.finish();
        }
        try (PgCopy assignments = new PgCopy(c, "node_role_assignments", "id, cluster_id, node_id, role,"
                + " organization_id, status, assigned_by, assigned_at, policy, created_at, updated_at, version")) {
            for (MembershipSeed m : memberships) {
                for (RoleSeed r : m.roles) {
                    assignments.row(r.id, m.cluster.id, m.node.id, r.role, null, r.status, spec.owner(),
                            r.assignedAt, "{}", r.assignedAt, r.updatedAt == null ? r.assignedAt : r.updatedAt,
                            r.updatedAt == null ? 0 : 1);
                    roles++;
                }
            }
            assignments.finish();
        }
        try (PgCopy instances = new PgCopy(c, "node_service_instances", "id, cluster_id, node_id, name,"
                + " workload_type, settings, desired, reported_state, reported_reason, reported_at, created_by,"
                + " created_at, updated_at, version")) {
            for (MembershipSeed m : memberships) {
                for (WorkloadSeed w : m.workloads) {
                    instances.row(w.id, m.cluster.id, m.node.id, w.name, w.type, "{}", w.desired, w.reportedState,
                            w.reportedReason, w.reportedAt, spec.owner(), w.createdAt,
                            w.reportedAt == null ? w.createdAt : w.reportedAt, 0);
                    workloads++;
                }
            }
            instances.finish();
        }
        int latest = 0;
        long heartbeats;
        try (PgCopy copy = new PgCopy(c, "node_latest_states", "id, node_id, cluster_id, health, agent_version,"
                + " last_heartbeat_at, heartbeat_count, workloads, updated_at")) {
            for (MembershipSeed m : memberships) {
                if (m.lastHeartbeat == null) {
                    continue;
                }
                long count = Math.max(1, Duration.between(m.joinedAt, m.lastHeartbeat).toSeconds()
                        / spec.heartbeatSeconds());
                copy.row(uuid(), m.node.id, m.cluster.id, m.health, m.agentVersion, m.lastHeartbeat, count,
                        workloadsJson(m), m.lastHeartbeat);
                latest++;
            }
            copy.finish();
        }
        log.println("seed-fleet: writing the heartbeat log (" + spec.heartbeatMinutes() + " min per membership at "
                + spec.heartbeatSeconds() + " s) ...");
        long t = System.nanoTime();
        try (PgCopy copy = new PgCopy(c, "node_heartbeats", "id, node_id, cluster_id, received_at, sent_at, health,"
                + " agent_version, workloads")) {
            Duration interval = Duration.ofSeconds(spec.heartbeatSeconds());
            for (MembershipSeed m : memberships) {
                if (m.lastHeartbeat == null) {
                    continue;
                }
                String reported = workloadsJson(m);
                Instant oldest = m.lastHeartbeat.minus(Duration.ofMinutes(spec.heartbeatMinutes()));
                for (Instant at = m.lastHeartbeat; at.isAfter(oldest) && !at.isBefore(m.joinedAt);
                     at = at.minus(interval)) {
                    copy.row(uuid(), m.node.id, m.cluster.id, at, at.minusMillis(20 + random.nextInt(200)), m.health,
                            m.agentVersion, reported);
                }
            }
            copy.finish();
            heartbeats = copy.rows();
        }
        log.printf("seed-fleet:   %d heartbeats in %.1f s%n", heartbeats, (System.nanoTime() - t) / 1e9);

        long[] range = writeAudit(c);
        return new Summary(clusters.size(), nodes.size(), memberships.size(), memberships.size(), heartbeats, latest,
                roles, workloads, tokens.size(), joinRequests, pending, range[1] - range[0] + 1, range[0], range[1],
                Duration.ofNanos(System.nanoTime() - began));
    }

    /** Links every planned event onto the chain, oldest first, and appends them after the current head. */
    private long[] writeAudit(Connection c) throws SQLException {
        log.println("seed-fleet: linking and writing " + events.size() + " audit events ...");
        long t = System.nanoTime();
        events.sort(Comparator.comparing(Event::at).thenComparingLong(Event::order));
        AuditChain chain;
        try (Statement s = c.createStatement();
             // Held until the commit: the application's own appends wait, so the chain cannot fork.
             ResultSet head = s.executeQuery("select last_sequence_no, last_hash from audit_chain_head where id = 1"
                     + " for update")) {
            head.next();
            chain = new AuditChain(head.getLong(1), head.getString(2));
        }
        long first = chain.lastSequenceNo() + 1;
        try (PgCopy copy = new PgCopy(c, "cluster_audit_events", "id, sequence_no, occurred_at, actor, actor_kind,"
                + " event_type, cluster_id, node_id, organization_id, target_type, target_id, details, previous_hash,"
                + " event_hash")) {
            for (Event event : events) {
                AuditEntry e = event.entry();
                AuditChain.Link link = chain.append(e, event.at());
                copy.row(uuid(), link.sequenceNo(), link.occurredAt(), e.actor(), link.actorKind(), e.eventType(),
                        e.clusterId(), e.nodeId(), e.organizationId(), e.targetType(), e.targetId(), link.details(),
                        link.previousHash(), link.eventHash());
            }
            copy.finish();
        }
        try (PreparedStatement update = c.prepareStatement("update audit_chain_head set last_sequence_no = ?,"
                + " last_hash = ? where id = 1")) {
            update.setLong(1, chain.lastSequenceNo());
            update.setString(2, chain.lastHash());
            update.executeUpdate();
        }
        log.printf("seed-fleet:   sequence %d to %d in %.1f s%n", first, chain.lastSequenceNo(),
                (System.nanoTime() - t) / 1e9);
        return new long[] {first, chain.lastSequenceNo()};
    }

    // ---- helpers ----

    private String workloadsJson(MembershipSeed m) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (WorkloadSeed w : m.workloads) {
            if (w.reportedState != null) {
                array.add(new WorkloadState(w.name, w.type, w.reportedState, w.reportedReason).toJson());
            }
        }
        return array.build().toString();
    }

    private static String jsonStrings(List<String> values) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        values.forEach(array::add);
        return array.build().toString();
    }

    private void event(Instant at, AuditEntry entry) {
        events.add(new Event(at.isAfter(now) ? now : at, events.size(), entry));
    }

    private AuditEntry person(String type, UUID cluster, UUID node, String targetType, Object targetId,
                              String... keyValues) {
        return new AuditEntry(type, spec.owner(), ActorKind.PERSON, cluster, node, null, targetType,
                targetId == null ? null : targetId.toString(), details(keyValues));
    }

    private static AuditEntry node(String type, MembershipSeed m, String targetType, Object targetId,
                                   String... keyValues) {
        return new AuditEntry(type, "node:" + m.node.id, ActorKind.NODE, m.cluster.id, m.node.id, null, targetType,
                targetId.toString(), details(keyValues));
    }

    private static Map<String, String> details(String... keyValues) {
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private UUID uuid() {
        // Version 4 layout from the seeded generator, so a run is reproducible in shape.
        long msb = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    private Instant between(Instant from, Instant to) {
        long span = Duration.between(from, to).toMillis();
        return span <= 0 ? from : from.plusMillis((long) (random.nextDouble() * span));
    }

    private int pick(double[] weights) {
        double r = random.nextDouble();
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private int pickCluster() {
        double total = clusters.stream().mapToDouble(k -> k.weight).sum();
        double r = random.nextDouble() * total;
        for (int i = 0; i < clusters.size(); i++) {
            r -= clusters.get(i).weight;
            if (r < 0) {
                return i;
            }
        }
        return clusters.size() - 1;
    }

    private record Event(Instant at, long order, AuditEntry entry) {
    }

    private static final class ClusterSeed {
        UUID id;
        final UUID caId = UUID.randomUUID();
        String name;
        String slug;
        String region;
        Instant createdAt;
        double weight;
        String authority;
        Instant authorityChangedAt;
        CaMaterial ca;
        int members;
        final List<TokenSeed> tokens = new ArrayList<>();
        final List<JoinRequestSeed> joinRequests = new ArrayList<>();
    }

    private static final class NodeSeed {
        UUID id;
        String name;
        String hostname;
        String os;
        String kernel;
        String arch;
        int cpuCount;
        long memoryBytes;
        String hostFingerprint;
        String factsJson;
        List<String> capabilities;
        Instant createdAt;
        boolean revoked;
        final List<MembershipSeed> memberships = new ArrayList<>();
    }

    private static final class MembershipSeed {
        UUID id;
        NodeSeed node;
        ClusterSeed cluster;
        Instant joinedAt;
        Instant endedAt;
        String status;
        String health;
        Instant lastHeartbeat;
        String agentVersion;
        long desiredStateVersion;
        Instant certificateIssuedAt;
        Instant certificateNotAfter;
        List<Instant> rotationTimes;
        List<String> historicSerials;
        String enrollmentThumbprint;
        UUID identityId;
        String publicKeyPem;
        String thumbprint;
        IssuedCertificate certificate;
        final List<RoleSeed> roles = new ArrayList<>();
        final List<WorkloadSeed> workloads = new ArrayList<>();
    }

    private static final class RoleSeed {
        UUID id;
        String role;
        String status;
        Instant assignedAt;
        Instant updatedAt;
    }

    private static final class WorkloadSeed {
        UUID id;
        String name;
        String type;
        String desired;
        String reportedState;
        String reportedReason;
        Instant reportedAt;
        Instant createdAt;
    }

    private static final class TokenSeed {
        UUID id;
        ClusterSeed cluster;
        byte[] hash;
        Instant createdAt;
        Instant expiresAt;
        Instant revokedAt;
        int used;
    }

    private static final class JoinRequestSeed {
        UUID id;
        ClusterSeed cluster;
        TokenSeed token;
        String status;
        String nodeName;
        String hostFingerprint;
        String factsJson;
        List<String> capabilities;
        List<String> requestedRoles;
        String publicKeyPem;
        String thumbprint;
        String csrPem;
        Instant createdAt;
        String sourceAddress;
    }
}
