package io.rap.fabric.devstack;

import io.rap.fabric.devstack.StackInfo.ManagedProcess;
import io.rap.fabric.devstack.keycloak.DemoUser;
import io.rap.fabric.devstack.keycloak.RealmSettings;
import io.rap.fabric.devstack.keycloak.Totp;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ./rap-dev}'s Java side. The script builds what is missing and runs this class with the dev-stack
 * class path:
 * <pre>
 *   up             start PostgreSQL, Keycloak, WildFly; print URLs and logins; run until Ctrl-C
 *   up --detach    the same in a background supervisor; returns once the stack is ready
 *   down           stop a detached (or crashed) stack: every process listed in stack.json
 *   status         print the URLs and logins of the running stack
 *   totp USER      print the current one-time code of a demo user
 *   seed-fleet     write a big fleet into the running stack's database (FleetCommand)
 *   bench-pages    the owner console's pages under concurrent sessions (bench.PageBench)
 * </pre>
 */
public final class StackMain {

    private static final Duration DETACHED_START_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration SUPERVISOR_STOP_TIMEOUT = Duration.ofSeconds(150);
    private static final Duration PROCESS_STOP_GRACE = Duration.ofSeconds(60);
    private static final String DETACHED_FLAG = "--detached-supervisor";

    private final StackProfile profile;
    private final PrintStream out;

    private StackMain(StackProfile profile, PrintStream out) {
        this.profile = profile;
        this.out = out;
    }

    public static void main(String[] args) {
        Path repoRoot = Path.of(System.getProperty("rap.repo.root", ".")).toAbsolutePath().normalize();
        StackMain main = new StackMain(StackProfile.dev(repoRoot), System.out);
        List<String> arguments = List.of(args);
        String command = arguments.isEmpty() ? "up" : arguments.get(0);
        try {
            int exit = switch (command) {
                case "up" -> !Set.of("up", "--detach", DETACHED_FLAG).containsAll(arguments) ? main.usage(2)
                        : arguments.contains("--detach") ? main.upDetached()
                        : main.upForeground(arguments.contains(DETACHED_FLAG));
                case "down" -> main.down();
                case "status" -> main.status();
                case "totp" -> main.totp(arguments.size() > 1 ? arguments.get(1) : null);
                case "seed-fleet" -> FleetCommand.run(main.profile, arguments.subList(1, arguments.size()), main.out);
                case "bench-pages" -> main.benchPages(arguments.subList(1, arguments.size()));
                case "help", "-h", "--help" -> main.usage(0);
                default -> main.usage(2);
            };
            System.exit(exit);
        } catch (IOException | RuntimeException e) {
            System.err.println("rap-dev: " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(130);
        }
    }

    private int usage(int exit) {
        (exit == 0 ? out : System.err).println("""
                usage: ./rap-dev [up [--detach] [--rebuild] | down | status | totp USER | seed-fleet [...] | bench-pages [...] | test]
                  up         start PostgreSQL, Keycloak and WildFly; Ctrl-C stops them
                  --detach   start in the background and return; stop with ./rap-dev down
                  --rebuild  run ./mvnw install -DskipTests first
                  down       stop a stack started with --detach (safe to repeat)
                  status     show URLs and demo logins of the running stack
                  totp USER  print the current one-time code of demo user USER
                  seed-fleet a big fleet (10 clusters, 10000 nodes, a year of audit) in the running stack;
                             ./rap-dev seed-fleet --help lists its options
                  bench-pages  the owner console's Overview and Nodes pages under 20 concurrent sessions;
                             ./rap-dev bench-pages --help lists its options
                  test       install chromium if needed, then ./mvnw -B verify""");
        return exit;
    }

    /** Supervises the stack in this JVM until it is interrupted (Ctrl-C, SIGTERM from down) or a part dies. */
    private int upForeground(boolean detached) throws IOException, InterruptedException {
        refuseIfRunning();
        stopLeftovers();
        DevStack stack = new DevStack(profile);
        Thread stopper = new Thread(stack::close, "rap-dev-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        StackInfo info = stack.start();
        try {
            stack.adopt("demo-agent", DemoData.seed(info, profile));
        } catch (IOException | RuntimeException e) {
            // The stack itself is usable: say loudly what is missing instead of tearing it down.
            System.err.println("rap-dev: the demo agent could not be enrolled: " + e.getMessage());
        }
        printSummary(info, detached);
        stack.markReady();
        while (true) {
            Thread.sleep(1000);
            Optional<String> dead = stack.deadProcess();
            if (dead.isPresent()) {
                System.err.println("rap-dev: " + dead.get() + " exited; stopping the stack");
                return 1; // the shutdown hook stops the rest
            }
        }
    }

    /** Starts a supervisor in its own session (no terminal signals), follows its log until it is ready. */
    private int upDetached() throws IOException, InterruptedException {
        refuseIfRunning();
        Files.createDirectories(profile.workDir());
        Path log = profile.workDir().resolve("stack.log");
        Files.deleteIfExists(log);
        Files.createFile(log);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of("setsid", java,
                "-Drap.repo.root=" + profile.repoRoot(),
                "-cp", System.getProperty("java.class.path"),
                StackMain.class.getName(), "up", DETACHED_FLAG));
        Process supervisor = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true)
                .start();
        // Keycloak and the deployment each get the configured time, plus a margin for the rest.
        Duration configured = StackProfile.startTimeout(DETACHED_START_TIMEOUT).multipliedBy(2).plusMinutes(2);
        Duration timeout = System.getenv("RAP_DEV_START_TIMEOUT_MINUTES") == null ? DETACHED_START_TIMEOUT : configured;
        long deadline = System.nanoTime() + timeout.toNanos();
        try (RandomAccessFile follower = new RandomAccessFile(log.toFile(), "r")) {
            while (System.nanoTime() < deadline) {
                copyNewLines(follower);
                Optional<StackInfo> info = readStack();
                if (info.isPresent() && StackInfo.READY.equals(info.get().state())
                        && info.get().process("supervisor").map(p -> p.pid() == supervisor.pid()).orElse(false)) {
                    copyNewLines(follower);
                    return 0; // the supervisor printed the summary into the log we just copied
                }
                if (!supervisor.isAlive()) {
                    copyNewLines(follower);
                    System.err.println("rap-dev: the stack did not start (exit " + supervisor.exitValue()
                            + "); log: " + log);
                    return 1;
                }
                Thread.sleep(300);
            }
        }
        System.err.println("rap-dev: the stack is not ready after " + timeout.toMinutes()
                + " minutes; stopping it. Log: " + log);
        down();
        return 1;
    }

    /**
     * Stops every process stack.json lists: the supervisor first, so it can stop the rest in order; then
     * whatever is left (its supervisor was killed), in the reverse order of starting.
     */
    private int down() throws IOException {
        Optional<StackInfo> info = readStack();
        if (info.isEmpty()) {
            out.println("rap-dev: no stack.json in " + profile.workDir() + ": nothing to stop");
            return 0;
        }
        List<ManagedProcess> order = new ArrayList<>(info.get().processes());
        Collections.reverse(order);
        order.sort(Comparator.comparing(p -> !p.name().equals("supervisor")));
        int stopped = 0;
        for (ManagedProcess process : order) {
            Optional<ProcessHandle> alive = process.ifAlive();
            if (alive.isEmpty()) {
                continue;
            }
            out.println("rap-dev: stopping " + process.name() + " (pid " + process.pid() + ")");
            boolean gone;
            if (process.name().equals("postgres")) {
                Processes.signal(alive.get(), "INT"); // fast shutdown; SIGTERM would wait for clients
                gone = Processes.awaitExit(List.of(alive.get()), PROCESS_STOP_GRACE)
                        || Processes.stopTree(alive.get(), Duration.ofSeconds(5));
            } else if (process.name().equals("supervisor")) {
                alive.get().destroy();
                gone = Processes.awaitExit(List.of(alive.get()), SUPERVISOR_STOP_TIMEOUT)
                        || Processes.stopTree(alive.get(), Duration.ofSeconds(5));
            } else {
                gone = Processes.stopTree(alive.get(), PROCESS_STOP_GRACE);
            }
            if (!gone) {
                throw new IOException(process.name() + " (pid " + process.pid() + ") does not stop");
            }
            stopped++;
        }
        if (!StackInfo.STOPPED.equals(readStack().map(StackInfo::state).orElse(StackInfo.STOPPED))) {
            info.get().withState(StackInfo.STOPPED).withProcesses(List.of()).write(profile.stackFile());
        }
        out.println(stopped == 0 ? "rap-dev: nothing was running" : "rap-dev: stack stopped");
        return 0;
    }

    /** {@code bench-pages}: the owner console under load (docs/benchmarks.md), against this running stack. */
    private int benchPages(List<String> args) throws IOException, InterruptedException {
        Optional<StackInfo> info = readStack();
        if (args.contains("--help") || args.contains("-h")) {
            return io.rap.fabric.devstack.bench.PageBench.main(null, profile.repoRoot(), args, out);
        }
        if (info.isEmpty() || !isRunning(info.get()) || !StackInfo.READY.equals(info.get().state())) {
            System.err.println("rap-dev bench-pages: the dev stack is not running; start it: ./rap-dev up --detach");
            return 1;
        }
        return io.rap.fabric.devstack.bench.PageBench.main(info.get(), profile.repoRoot(), args, out);
    }

    private int status() throws IOException {
        Optional<StackInfo> info = readStack();
        if (info.isEmpty() || !isRunning(info.get())) {
            out.println("rap-dev: not running");
            return 3;
        }
        printSummary(info.get(), true);
        return 0;
    }

    private int totp(String username) throws IOException {
        if (username == null) {
            return usage(2);
        }
        if (!Files.exists(profile.realmSettingsFile())) {
            throw new IOException("no " + profile.realmSettingsFile() + ": run ./rap-dev once to create the demo users");
        }
        RealmSettings realm = RealmSettings.read(profile.realmSettingsFile());
        Optional<DemoUser> user = realm.users().stream().filter(u -> u.username().equals(username)).findFirst();
        if (user.isEmpty()) {
            throw new IOException("no demo user " + username + "; known: "
                    + realm.users().stream().map(DemoUser::username).toList());
        }
        Instant now = Instant.now();
        out.println(Totp.code(user.get().totpSecretBase32(), now));
        System.err.println("(valid for another " + (30 - now.getEpochSecond() % 30) + " s)");
        return 0;
    }

    private void refuseIfRunning() throws IOException {
        Optional<StackInfo> info = readStack();
        if (info.isPresent() && info.get().process("supervisor").flatMap(ManagedProcess::ifAlive).isPresent()) {
            throw new IOException("a stack is already running (supervisor pid "
                    + info.get().process("supervisor").get().pid() + "): ./rap-dev status, or ./rap-dev down first");
        }
    }

    /** A supervisor killed with SIGKILL leaves its children running; stop them before ports are needed. */
    private void stopLeftovers() throws IOException {
        Optional<StackInfo> info = readStack();
        if (info.isPresent() && info.get().processes().stream().anyMatch(p -> p.ifAlive().isPresent())) {
            out.println("rap-dev: stopping leftovers of an earlier run");
            down();
        }
    }

    private static boolean isRunning(StackInfo info) {
        return !StackInfo.STOPPED.equals(info.state())
                && info.process("supervisor").flatMap(ManagedProcess::ifAlive).isPresent();
    }

    private Optional<StackInfo> readStack() throws IOException {
        Path file = profile.stackFile();
        return Files.exists(file) ? Optional.of(StackInfo.read(file)) : Optional.empty();
    }

    private void copyNewLines(RandomAccessFile follower) throws IOException {
        long length = follower.length();
        if (length > follower.getFilePointer()) {
            byte[] chunk = new byte[(int) (length - follower.getFilePointer())];
            follower.readFully(chunk);
            out.print(new String(chunk, StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private void printSummary(StackInfo info, boolean detached) {
        StringBuilder text = new StringBuilder();
        text.append("\nRAP dev stack is up\n\n");
        text.append(String.format("  Platform owner  %s%n", info.portalUrl("owner")));
        text.append(String.format("  Cluster admin   %s%n", info.portalUrl("cluster")));
        text.append(String.format("  Org admin       %s%n", info.portalUrl("org")));
        text.append(String.format("  Node API        %s%n", info.portalUrl("node-api")));
        text.append(String.format("  Keycloak        %s/admin/  (master realm: %s / %s)%n", info.keycloakUrl(),
                info.keycloakAdmin().username(), info.keycloakAdmin().password()));
        text.append(String.format("  OIDC issuer     %s%n", info.issuerUrl()));
        text.append(String.format("  PostgreSQL      %s  (%s / %s)%n", info.database().jdbcUrl(),
                info.database().user(), info.database().password()));
        text.append("\n  Demo logins (password, then a TOTP code):\n");
        for (DemoUser user : info.users()) {
            text.append(String.format("    %-14s %s  %s%n", user.username(), user.password(), user.realmRoles()));
            text.append(String.format("    %-14s TOTP secret %s%n", "", user.totpSecretBase32()));
            text.append(String.format("    %-14s %s%n", "", user.otpauthUri(StackInfo.OTP_ISSUER)));
        }
        text.append("\n  Current code:   ./rap-dev totp <user>\n");
        text.append(String.format("  Details:        %s (also pids and logs)%n", profile.stackFile()));
        text.append(detached ? "  Stop:           ./rap-dev down\n" : "  Stop:           Ctrl-C\n");
        out.println(text);
        out.flush();
    }
}
