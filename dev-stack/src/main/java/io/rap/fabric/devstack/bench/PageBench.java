package io.rap.fabric.devstack.bench;

import io.rap.fabric.devstack.demo.HttpBrowser;
import io.rap.fabric.devstack.demo.OwnerConsole;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * The owner console under load ({@code ./rap-dev bench-pages}, docs/benchmarks.md): N sessions of one person,
 * each logged in through Keycloak like a browser (the first with password and TOTP, the others through the
 * single sign-on that login opened, each with its own portal session), request the targets in turn with no
 * pause, for a warm-up and then a measured period. A request's time is from sending it until its whole body
 * has arrived, taken by this client on loopback, so it is the server's time plus the local HTTP round trip.
 *
 * <p>A target is {@code GET <path> [marker]} (a page; it counts as an error unless the answer is 200 and,
 * when given, contains the marker) or {@code PAGE <path> <table client id> <first row> [marker]} (the AJAX
 * request a PrimeFaces lazy table sends for another page, against a view this session opened before the
 * clock; an error unless it is a partial response without error that contains the marker).
 */
public final class PageBench {

    /** One thing to request. */
    record Target(String label, String kind, String path, String table, int first, String marker) {

        static Target parse(String spec) {
            String[] parts = spec.trim().split("\\s+");
            if (parts.length >= 2 && parts[0].equals("GET") && parts.length <= 3) {
                return new Target("GET " + parts[1], "GET", parts[1], null, 0, parts.length == 3 ? parts[2] : null);
            }
            if ((parts.length == 4 || parts.length == 5) && parts[0].equals("PAGE")) {
                return new Target("PAGE " + parts[1] + " " + parts[2] + " first=" + parts[3], "PAGE", parts[1],
                        parts[2], Integer.parseInt(parts[3]), parts.length == 5 ? parts[4] : null);
            }
            throw new IllegalArgumentException("a target is 'GET <path> [marker]' or"
                    + " 'PAGE <path> <table id> <first row> [marker]' (got '" + spec + "')");
        }
    }

    /** What a run is asked to do. */
    record Settings(int sessions, Duration warmUp, Duration measure, Duration think, List<Target> targets) {
    }

    static final List<String> DEFAULT_TARGETS = List.of(
            "GET /owner/index.xhtml",
            "GET /owner/nodes.xhtml node-link",
            "PAGE /owner/nodes.xhtml nodes:table 250 node-link");

    static final String USAGE = """
            usage: ./rap-dev bench-pages [--sessions N] [--warmup S] [--seconds S] [--think MS] [--target 'SPEC']...
              defaults: 20 sessions, 20 s warm-up, 60 s measured, no pause between requests, the targets
                        'GET /owner/index.xhtml', 'GET /owner/nodes.xhtml node-link' and
                        'PAGE /owner/nodes.xhtml nodes:table 250 node-link' (the lazy table's AJAX request for
                        the rows from 250 on, page 11)
              A target is 'GET <path> [text the answer must contain]' or
                          'PAGE <path> <table client id> <first row> [text the answer must contain]'.
              Logs in as the stack's demo platform owner; writes the result to target/benchmarks/pages.txt.""";

    private final String portal;
    private final String username;
    private final String password;
    private final String totpSecret;
    private final Settings settings;
    private final PrintStream out;
    private long serverPid = -1;
    private long postmasterPid = -1;

    /**
     * Also measure the CPU time the server JVM and the PostgreSQL processes (the postmaster and its
     * children) spend during the measured period, from /proc: on a machine shared with other work the
     * latencies depend on the load, the CPU per request does not.
     */
    public PageBench measuringCpuOf(long serverPid, long postmasterPid) {
        this.serverPid = serverPid;
        this.postmasterPid = postmasterPid;
        return this;
    }

    public PageBench(String portalBaseUrl, String username, String password, String totpSecret, Settings settings,
                     PrintStream out) {
        this.portal = portalBaseUrl;
        this.username = username;
        this.password = password;
        this.totpSecret = totpSecret;
        this.settings = settings;
        this.out = out;
    }

    /** Parses the command line; null for {@code --help}. */
    static Settings parse(List<String> args) {
        int sessions = 20;
        int warmUp = 20;
        int seconds = 60;
        int think = 0;
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String name = args.get(i);
            if (name.equals("--help") || name.equals("-h")) {
                return null;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args.get(++i);
            switch (name) {
                case "--sessions" -> sessions = bounded(name, value, 1, 200);
                case "--warmup" -> warmUp = bounded(name, value, 0, 600);
                case "--seconds" -> seconds = bounded(name, value, 1, 1800);
                case "--think" -> think = bounded(name, value, 0, 60_000);
                case "--target" -> targets.add(Target.parse(value));
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (targets.isEmpty()) {
            DEFAULT_TARGETS.forEach(t -> targets.add(Target.parse(t)));
        }
        return new Settings(sessions, Duration.ofSeconds(warmUp), Duration.ofSeconds(seconds),
                Duration.ofMillis(think), List.copyOf(targets));
    }

    private static int bounded(String name, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number (got '" + value + "')");
        }
    }

    /** Runs the benchmark; returns the report (also printed). */
    public String run() throws IOException, InterruptedException {
        out.println("bench-pages: logging in " + settings.sessions() + " sessions as " + username + " ...");
        List<Session> sessions = login();
        for (Session session : sessions) {
            session.prepare();
        }
        String loadBefore = loadAverage();
        Map<Target, Recorder> recorders = new LinkedHashMap<>();
        settings.targets().forEach(t -> recorders.put(t, new Recorder()));
        Instant warmUpEnds = Instant.now().plus(settings.warmUp());
        Instant ends = warmUpEnds.plus(settings.measure());
        out.printf("bench-pages: %d s warm-up, then %d s measured (load average %s)%n",
                settings.warmUp().toSeconds(), settings.measure().toSeconds(), loadBefore);
        CountDownLatch done = new CountDownLatch(sessions.size());
        long[] cpuAtStart = new long[2];
        Thread cpuStart = new Thread(() -> {
            try {
                Thread.sleep(Math.max(0, Duration.between(Instant.now(), warmUpEnds).toMillis()));
                cpuAtStart[0] = cpuTicks(serverPid);
                cpuAtStart[1] = postgresTicks(postmasterPid);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-cpu");
        cpuStart.start();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (Session session : sessions) {
            new Thread(() -> {
                try {
                    session.loop(recorders, warmUpEnds, ends);
                } catch (IOException | RuntimeException e) {
                    failures.add(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "bench-" + session.index).start();
        }
        done.await();
        cpuStart.join();
        long serverTicks = cpuTicks(serverPid) - cpuAtStart[0];
        long postgresTicks = postgresTicks(postmasterPid) - cpuAtStart[1];
        String loadAfter = loadAverage();
        if (!failures.isEmpty()) {
            throw new IOException("a session failed: " + failures.get(0), failures.get(0));
        }
        String report = report(recorders, loadBefore, loadAfter, serverTicks, postgresTicks);
        out.print(report);
        return report;
    }

    private List<Session> login() throws IOException, InterruptedException {
        OwnerConsole first = new OwnerConsole(portal, username, password, totpSecret);
        first.login();
        List<Session> sessions = new ArrayList<>();
        sessions.add(new Session(0, first.browser()));
        for (int i = 1; i < settings.sessions(); i++) {
            // Keycloak's cookies only: the portal's own session cookie stays per session.
            HttpBrowser browser = first.browser().sharing(c -> c.getName().startsWith("KEYCLOAK_")
                    || c.getName().startsWith("AUTH_SESSION_ID"));
            HttpBrowser.Page page = browser.open(URI.create(portal + "/owner/"));
            if (!page.hasElement("current-user")) {
                throw new IOException("session " + i + " did not get in through single sign-on: HTTP " + page.status()
                        + " " + page.uri());
            }
            sessions.add(new Session(i, browser));
        }
        return sessions;
    }

    private final class Session {
        final int index;
        final HttpBrowser browser;
        final Map<Target, String> viewStates = new LinkedHashMap<>();

        Session(int index, HttpBrowser browser) {
            this.index = index;
            this.browser = browser;
        }

        /** Opens the views the AJAX targets page through, outside the clock. */
        void prepare() throws IOException, InterruptedException {
            for (Target target : settings.targets()) {
                if (target.kind().equals("PAGE")) {
                    HttpBrowser.Page page = browser.open(URI.create(portal + target.path()));
                    Element state = page.document() == null ? null
                            : page.document().selectFirst("input[name=jakarta.faces.ViewState]");
                    if (state == null) {
                        throw new IOException("no view state on " + target.path() + " (HTTP " + page.status() + ")");
                    }
                    viewStates.put(target, state.val());
                }
            }
        }

        void loop(Map<Target, Recorder> recorders, Instant warmUpEnds, Instant ends)
                throws IOException, InterruptedException {
            // Sessions start at different targets so the mix is even from the first second.
            int next = index % settings.targets().size();
            while (Instant.now().isBefore(ends)) {
                Target target = settings.targets().get(next);
                next = (next + 1) % settings.targets().size();
                HttpRequest request = request(target);
                long started = System.nanoTime();
                HttpResponse<String> response = browser.send(request);
                long nanos = System.nanoTime() - started;
                boolean ok = ok(target, response);
                if (Instant.now().isAfter(warmUpEnds)) {
                    recorders.get(target).record(nanos, ok);
                }
                if (!ok && response.statusCode() == 302) {
                    throw new IOException("session " + index + " was sent to log in again by " + target.label());
                }
                if (!settings.think().isZero()) {
                    Thread.sleep(settings.think().toMillis());
                }
            }
        }

        private HttpRequest request(Target target) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(portal + target.path()))
                    .timeout(Duration.ofSeconds(60));
            if (target.kind().equals("GET")) {
                return request.GET().build();
            }
            String form = target.table().substring(0, target.table().indexOf(':'));
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("jakarta.faces.partial.ajax", "true");
            fields.put("jakarta.faces.source", target.table());
            fields.put("jakarta.faces.partial.execute", target.table());
            fields.put("jakarta.faces.partial.render", target.table());
            fields.put("jakarta.faces.behavior.event", "page");
            fields.put("jakarta.faces.partial.event", "page");
            fields.put(target.table() + "_pagination", "true");
            fields.put(target.table() + "_first", Integer.toString(target.first()));
            fields.put(target.table() + "_rows", "25");
            fields.put(target.table() + "_skipChildren", "true");
            fields.put(target.table() + "_encodeFeature", "true");
            fields.put(form, form);
            fields.put("jakarta.faces.ViewState", viewStates.get(target));
            return request.header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                    .header("Faces-Request", "partial/ajax").header("X-Requested-With", "XMLHttpRequest")
                    .POST(HttpRequest.BodyPublishers.ofString(HttpBrowser.formEncode(fields), StandardCharsets.UTF_8))
                    .build();
        }

        private boolean ok(Target target, HttpResponse<String> response) {
            if (response.statusCode() != 200) {
                return false;
            }
            String body = response.body();
            if (target.kind().equals("PAGE")) {
                // A partial response with table rows, not an error or a redirect to the login page.
                return body.contains("<partial-response") && !body.contains("<error>") && !body.contains("<redirect")
                        && (target.marker() == null || body.contains(target.marker()));
            }
            return target.marker() == null || body.contains(target.marker());
        }
    }

    /** Latencies of one target (nanoseconds), and errors. */
    static final class Recorder {
        private final List<Long> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        private final AtomicLong errors = new AtomicLong();

        void record(long nanos, boolean ok) {
            samples.add(nanos);
            if (!ok) {
                errors.incrementAndGet();
            }
        }

        long[] sorted() {
            long[] all;
            synchronized (samples) {
                all = samples.stream().mapToLong(Long::longValue).toArray();
            }
            Arrays.sort(all);
            return all;
        }

        long errors() {
            return errors.get();
        }
    }

    private String report(Map<Target, Recorder> recorders, String loadBefore, String loadAfter, long serverTicks,
                          long postgresTicks) {
        StringBuilder text = new StringBuilder();
        double seconds = settings.measure().toMillis() / 1000.0;
        text.append(String.format("bench-pages: %d sessions, %d s measured after %d s warm-up, think time %d ms,"
                        + " %s%n", settings.sessions(), settings.measure().toSeconds(), settings.warmUp().toSeconds(),
                settings.think().toMillis(), Instant.now()));
        text.append(String.format("load average before: %s; after: %s; cores: %d%n", loadBefore, loadAfter,
                Runtime.getRuntime().availableProcessors()));
        text.append(String.format("%-58s %8s %6s %9s %9s %9s %9s %8s%n", "target", "requests", "errors", "p50 ms",
                "p95 ms", "p99 ms", "max ms", "req/s"));
        long total = 0;
        List<Long> everything = new ArrayList<>();
        for (Map.Entry<Target, Recorder> e : recorders.entrySet()) {
            long[] s = e.getValue().sorted();
            total += s.length;
            for (long v : s) {
                everything.add(v);
            }
            text.append(line(e.getKey().label(), s, e.getValue().errors(), seconds));
        }
        long[] all = everything.stream().mapToLong(Long::longValue).sorted().toArray();
        long errors = recorders.values().stream().mapToLong(Recorder::errors).sum();
        text.append(line("all", all, errors, seconds));
        text.append(String.format("throughput: %.1f requests/s%n", total / seconds));
        if (serverPid > 0 && total > 0) {
            // /proc counts CPU in clock ticks of 10 ms (USER_HZ = 100 on Linux).
            double serverMs = serverTicks * 10.0 / total;
            double postgresMs = postgresTicks * 10.0 / total;
            text.append(String.format("CPU per request (measured period): WildFly %.1f ms + PostgreSQL %.1f ms = %.1f ms,"
                            + " i.e. about %.0f requests/s if two cores did only this%n", serverMs, postgresMs,
                    serverMs + postgresMs, 2000.0 / (serverMs + postgresMs)));
        }
        return text.toString();
    }

    private static String line(String label, long[] sorted, long errors, double seconds) {
        return String.format("%-58s %8d %6d %9.1f %9.1f %9.1f %9.1f %8.1f%n", label, sorted.length, errors,
                percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99),
                sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6, sorted.length / seconds);
    }

    /** Nearest-rank percentile in milliseconds. */
    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    /** utime + stime of one process (all its threads), in clock ticks; 0 when it is gone or unknown. */
    static long cpuTicks(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String[] f = statFields(Files.readString(Path.of("/proc/" + pid + "/stat")));
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The postmaster and every process it started (the backends, including those of the pool). */
    static long postgresTicks(long postmaster) {
        if (postmaster <= 0) {
            return 0;
        }
        long ticks = cpuTicks(postmaster);
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path dir : processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .toList()) {
                try {
                    String[] f = statFields(Files.readString(dir.resolve("stat")));
                    if (Long.parseLong(f[1]) == postmaster) {
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return ticks;
        }
        return ticks;
    }

    /** The fields of /proc/[pid]/stat after the command name (which may hold spaces): [0] is field 3. */
    private static String[] statFields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** {@code ./rap-dev bench-pages}: against the running dev stack, as its demo platform owner. */
    public static int main(io.rap.fabric.devstack.StackInfo info, Path repoRoot, List<String> args, PrintStream out)
            throws IOException, InterruptedException {
        Settings settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("rap-dev bench-pages: " + e.getMessage());
            System.err.println(USAGE);
            return 2;
        }
        if (settings == null) {
            out.println(USAGE);
            return 0;
        }
        var owner = info.users().stream().filter(u -> u.realmRoles().contains("platform-owner")).findFirst()
                .orElseThrow(() -> new IOException("the stack has no demo platform owner"));
        long server = info.process("wildfly").map(p -> p.pid()).orElse(-1L);
        long postmaster = info.process("postgres").map(p -> p.pid()).orElse(-1L);
        String report = new PageBench(info.portalUrl(), owner.username(), owner.password(), owner.totpSecretBase32(),
                settings, out).measuringCpuOf(server, postmaster).run();
        Path file = repoRoot.resolve("target/benchmarks/pages.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report + "targets: " + settings.targets().stream().map(Target::label).toList()
                + System.lineSeparator());
        out.println("bench-pages: written to " + file);
        return 0;
    }
}
