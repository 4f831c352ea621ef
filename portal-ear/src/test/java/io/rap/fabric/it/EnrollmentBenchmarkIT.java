package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.enrollment.EnrollmentService;
import io.rap.fabric.domain.enrollment.IssuedJoinToken;
import io.rap.fabric.domain.enrollment.JoinTokenService;
import io.rap.fabric.domain.enrollment.NewJoinToken;
import io.rap.fabric.protocol.Csr;
import io.rap.fabric.protocol.EnrollmentRequest;
import io.rap.fabric.protocol.HostFacts;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.NodeProof;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A benchmark, not a test: excluded from {@code ./mvnw verify}, run with {@code -Pbench}
 * (docs/benchmarks.md). Inside the deployed application it enrolls N nodes over the real node
 * API ({@code POST /node-api/v1/enrollments}, then {@code GET /enrollments/{id}} with a proof)
 * and approves them through {@link EnrollmentService#approve} as a stepped-up platform owner
 * with a few threads. It reports the join-request round trip (p50/p99) and certificates issued
 * per second, prints the result block and writes it to {@code target/benchmarks/enrollment.txt}.
 * Keys and CSRs are made before the clock starts; a warm-up round is run and not counted.
 */
@ExtendWith(ArquillianExtension.class)
class EnrollmentBenchmarkIT {

    private static final String SETTINGS = "rap-bench.properties";
    /** /proc counts CPU in clock ticks of 10 ms (USER_HZ = 100 on Linux). */
    private static final long NANOS_PER_TICK = 10_000_000L;

    /** The settings are read in the test JVM and travel into the server inside the test WAR. */
    @Deployment
    static EnterpriseArchive deployment() {
        Properties settings = new Properties();
        settings.setProperty("nodes", System.getProperty("rap.bench.nodes", "1000"));
        settings.setProperty("threads", System.getProperty("rap.bench.threads", "4"));
        settings.setProperty("batch", System.getProperty("rap.bench.batch", "1"));
        settings.setProperty("output", System.getProperty("rap.bench.output",
                Path.of("target/benchmarks/enrollment.txt").toAbsolutePath().toString()));
        StringWriter text = new StringWriter();
        try {
            settings.store(text, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Deployments.earWithTestWar(war -> war.addAsResource(new StringAsset(text.toString()), SETTINGS),
                EnrollmentBenchmarkIT.class, TrustFixtures.class);
    }

    @Inject
    ClusterService clusters;

    @Inject
    JoinTokenService tokens;

    @Inject
    EnrollmentService enrollments;

    @Resource(lookup = "java:jboss/datasources/RapDS")
    DataSource dataSource;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One host about to enroll: its key and CSR exist before the clock starts. */
    private record Agent(String name, KeyPair key, byte[] enrollmentBody) {
    }

    /**
     * @param jvmCpuNanos      CPU time of this server JVM during the phase (the benchmark's own
     *                         threads included: they are the agents in the first phase)
     * @param postgresCpuNanos CPU time of the PostgreSQL processes on this host during the phase
     */
    private record Phase(int count, long wallNanos, long[] latencyNanos, long jvmCpuNanos, long postgresCpuNanos) {
        double perSecond() {
            return count / (wallNanos / 1e9);
        }

        double cpuMillisEach() {
            return (jvmCpuNanos + postgresCpuNanos) / 1e6 / count;
        }

        /** What two cores doing nothing else would manage: the figure another load on the host cannot bend. */
        double perSecondOnTwoIdleCores() {
            return 2000.0 / cpuMillisEach();
        }

        double percentileMillis(double p) {
            long[] sorted = latencyNanos.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
        }
    }

    @Test
    void enrollAndApproveNodes() throws Exception {
        Properties settings = new Properties();
        try (InputStream in = EnrollmentBenchmarkIT.class.getClassLoader().getResourceAsStream(SETTINGS)) {
            settings.load(in);
        }
        int nodes = Integer.parseInt(settings.getProperty("nodes"));
        int threads = Integer.parseInt(settings.getProperty("threads"));
        int batch = Integer.parseInt(settings.getProperty("batch"));
        int warmUp = Math.min(100, Math.max(10, nodes / 10));

        ClusterView warmCluster = TrustFixtures.newCluster(clusters, "bench-warm");
        run(warmCluster, agents(warmUp, "warm"), threads, batch);

        ClusterView cluster = TrustFixtures.newCluster(clusters, "bench");
        List<Agent> agents = agents(nodes, "bench");
        Phase[] phases = run(cluster, agents, threads, batch);
        Phase roundTrips = phases[0];
        Phase approvals = phases[1];

        assertThat(count("select count(*) from node_identities where cluster_id = ? and identity_status = 'active'",
                cluster.id())).isEqualTo(nodes);
        assertThat(count("select count(*) from cluster_audit_events where cluster_id = ?"
                + " and event_type = 'node.certificate_issued'", cluster.id())).isEqualTo(nodes);

        String result = String.format(Locale.ROOT, """
                ==== RAP enrollment benchmark ====
                when      %s
                machine   %d CPUs seen by the JVM, Java %s, WildFly + PostgreSQL + Keycloak on the same host
                nodes     %d (after a warm-up of %d not counted), %d client threads
                join-request round trip (POST /node-api/v1/enrollments + GET /enrollments/{id} with a proof, HTTP):
                          %.1f round trips/s, p50 %.1f ms, p99 %.1f ms (wall %.2f s)
                          CPU %.1f ms each (server JVM incl. the agents' side %.1f, PostgreSQL %.1f)
                approvals (%s, stepped-up platform owner; CA signs the CSR):
                          %.1f certificates issued/s, p50 %.1f ms, p99 %.1f ms per call (wall %.2f s)
                          CPU %.2f ms each (server JVM %.2f, PostgreSQL %.2f): %.0f/s if two cores did only this
                load      %s (1/5/15-minute load average, runnable/all tasks, after the run)
                goal      at least 500 certificates/s on 2 cores: %s
                =================================
                """, Instant.now(), Runtime.getRuntime().availableProcessors(), Runtime.version(), nodes, warmUp,
                threads, roundTrips.perSecond(), roundTrips.percentileMillis(50), roundTrips.percentileMillis(99),
                roundTrips.wallNanos() / 1e9, roundTrips.cpuMillisEach(), roundTrips.jvmCpuNanos() / 1e6 / nodes,
                roundTrips.postgresCpuNanos() / 1e6 / nodes,
                batch == 1 ? "EnrollmentService.approve, one request per call"
                        : "EnrollmentService.approveAll, " + batch + " requests per call",
                approvals.perSecond(), approvals.percentileMillis(50), approvals.percentileMillis(99),
                approvals.wallNanos() / 1e9, approvals.cpuMillisEach(), approvals.jvmCpuNanos() / 1e6 / nodes,
                approvals.postgresCpuNanos() / 1e6 / nodes, approvals.perSecondOnTwoIdleCores(), loadAverage(),
                approvals.perSecond() >= 500 ? "met" : "NOT met (measured)");
        System.out.println(result);
        Path output = Path.of(settings.getProperty("output"));
        Files.createDirectories(output.getParent());
        Files.writeString(output, result);
    }

    /** Round trips for every agent, then approval of every request; returns both phases. */
    private Phase[] run(ClusterView cluster, List<Agent> agents, int threads, int batch) throws Exception {
        List<String> rawTokens = new ArrayList<>();
        for (int issued = 0; issued < agents.size(); issued += JoinTokenService.MAX_USES) {
            IssuedJoinToken token = tokens.issue(TrustFixtures.owner(), new NewJoinToken(cluster.id(), "benchmark",
                    null, Math.min(JoinTokenService.MAX_USES, agents.size() - issued), null));
            rawTokens.add(token.rawToken());
        }
        UUID[] requestIds = new UUID[agents.size()];
        long[] roundTrip = new long[agents.size()];
        long jvm = jvmCpuNanos();
        long postgres = postgresCpuNanos();
        long wall = inParallel(threads, agents.size(), i -> {
            long start = System.nanoTime();
            requestIds[i] = roundTrip(rawTokens.get(i / JoinTokenService.MAX_USES), agents.get(i));
            roundTrip[i] = System.nanoTime() - start;
        });
        Phase roundTrips = new Phase(agents.size(), wall, roundTrip, jvmCpuNanos() - jvm, postgresCpuNanos() - postgres);

        int calls = (agents.size() + batch - 1) / batch;
        long[] approval = new long[calls];
        jvm = jvmCpuNanos();
        postgres = postgresCpuNanos();
        wall = inParallel(threads, calls, i -> {
            List<UUID> ids = Arrays.asList(requestIds).subList(i * batch, Math.min(agents.size(), (i + 1) * batch));
            long start = System.nanoTime();
            if (batch == 1) {
                enrollments.approve(TrustFixtures.owner(), ids.get(0)); // a fresh step-up for each
            } else {
                enrollments.approveAll(TrustFixtures.owner(), ids); // the console's "approve selected"
            }
            approval[i] = System.nanoTime() - start;
        });
        return new Phase[] {roundTrips, new Phase(agents.size(), wall, approval, jvmCpuNanos() - jvm,
                postgresCpuNanos() - postgres)};
    }

    /** This JVM's utime + stime (com.sun.management is not visible to deployments in WildFly). */
    private static long jvmCpuNanos() {
        try {
            return ticksOf(Files.readString(Path.of("/proc/" + ProcessHandle.current().pid() + "/stat")))
                    * NANOS_PER_TICK;
        } catch (IOException e) {
            return 0;
        }
    }

    /** utime + stime of every process named postgres. */
    private static long postgresCpuNanos() {
        long ticks = 0;
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path dir : processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .toList()) {
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    if (stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).equals("postgres")) {
                        ticks += ticksOf(stat);
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks * NANOS_PER_TICK;
    }

    /** Fields 14 and 15 of /proc/[pid]/stat, counted after the command name (which may hold spaces). */
    private static long ticksOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private interface Step {
        void run(int index) throws Exception;
    }

    /** Runs {@code step} for 0..count-1 on {@code threads} threads; returns the wall time in nanoseconds. */
    private static long inParallel(int threads, int count, Step step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        List<Callable<Void>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    step.run(i);
                }
                return null;
            });
        }
        long start = System.nanoTime();
        try {
            for (Future<Void> worker : pool.invokeAll(workers)) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return System.nanoTime() - start;
    }

    private UUID roundTrip(String rawToken, Agent agent) throws Exception {
        URI enrollments = URI.create(base() + "/node-api/v1/enrollments");
        byte[] body = new String(agent.enrollmentBody(), StandardCharsets.UTF_8).replace("@TOKEN@", rawToken)
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(enrollments)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (submitted.statusCode() == 429) {
            throw new IllegalStateException("rate-limited: run the benchmark with -Pbench, which raises the limits");
        }
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        UUID requestId = UUID.fromString(json(submitted.body()).getString("requestId"));

        URI poll = URI.create(enrollments + "/" + requestId);
        HttpResponse<String> status = http.send(HttpRequest.newBuilder(poll)
                .header(NodeProof.HEADER, NodeProof.create(agent.key(), "GET", poll, new byte[0], Instant.now()))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
        assertThat(json(status.body()).getString("status")).isEqualTo("pending");
        return requestId;
    }

    private static List<Agent> agents(int count, String prefix) {
        List<Agent> agents = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = prefix + "-" + i;
            KeyPair key = Keys.generateP256();
            HostFacts facts = new HostFacts(name, "Linux", "6.1", "amd64", 2, 1L << 31, List.of("192.0.2.10"),
                    Keys.fingerprintSha256Hex((name + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8)));
            byte[] body = new EnrollmentRequest("@TOKEN@", Csr.create(key, name), name, facts, List.of("can_relay"),
                    List.of("relay"), "bench").toJson().toString().getBytes(StandardCharsets.UTF_8);
            agents.add(new Agent(name, key, body));
        }
        return agents;
    }

    /** This server's own HTTP listener (the test stack runs WildFly with a port offset). */
    private static String base() {
        return "http://127.0.0.1:" + (8080 + Integer.getInteger("jboss.socket.binding.port-offset", 0));
    }

    private static JsonObject json(String text) {
        return io.rap.fabric.protocol.Json.provider().createReader(new StringReader(text)).readObject();
    }

    private long count(String sql, Object parameter) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
