package io.rap.fabric.devstack.postgres;

import io.rap.fabric.devstack.Processes;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real PostgreSQL server from the zonky binaries jar, with one database and one login role for the
 * application. The server daemonizes (pg_ctl), so it outlives a JVM that dies without {@link #close()}:
 * {@link #start} therefore stops a leftover server of the same data directory first.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final EmbeddedPostgres server;
    private final Path dataDir;
    private final DatabaseSettings settings;
    private final long pid;
    private boolean closed;

    private EmbeddedDatabase(EmbeddedPostgres server, Path dataDir, DatabaseSettings settings, long pid) {
        this.server = server;
        this.dataDir = dataDir;
        this.settings = settings;
        this.pid = pid;
    }

    /**
     * Starts PostgreSQL on {@code port} with its data in {@code dataDir} (created by initdb when empty, reused
     * otherwise), then makes sure role {@code user} (with {@code password}) and database {@code database}
     * owned by it exist.
     *
     * @param fresh delete {@code dataDir} first, and again on close (tests); false keeps the data (./rap-dev)
     */
    public static EmbeddedDatabase start(Path dataDir, int port, String database, String user, String password,
                                         boolean fresh, Path logFile) throws IOException {
        Path dir = dataDir.toAbsolutePath().normalize();
        stopLeftover(dir);
        if (fresh) {
            Processes.deleteTree(dir);
        }
        Processes.requirePortFree(LOOPBACK, port);
        Files.createDirectories(dir.getParent());
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(fresh)
                .setPort(port)
                .setServerConfig("listen_addresses", LOOPBACK)
                // The owner of this object stops the server (close or its own shutdown hook); zonky's hook
                // would race with WildFly still holding connections.
                .setRegisterShutdownHook(false)
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        try {
            createRoleAndDatabase(server, database, user, password);
            String url = "jdbc:postgresql://" + LOOPBACK + ":" + port + "/" + database;
            return new EmbeddedDatabase(server, dir, new DatabaseSettings(url, user, password), postmasterPid(dir));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public DatabaseSettings settings() {
        return settings;
    }

    /** The postmaster, the parent of every PostgreSQL process of this server. */
    public long pid() {
        return pid;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Fast shutdown (pg_ctl stop -m fast): open sessions are rolled back. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Optional<ProcessHandle> postmaster = ProcessHandle.of(pid);
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL (pid " + pid + ") did not stop cleanly", e);
        }
        // pg_ctl may return before the postmaster is gone; the next start needs the port and the data dir.
        if (postmaster.isPresent() && !Processes.awaitExit(List.of(postmaster.get()), STOP_GRACE)) {
            throw new IllegalStateException("PostgreSQL (pid " + pid + ") is still running after pg_ctl stop");
        }
    }

    private static void createRoleAndDatabase(EmbeddedPostgres server, String database, String user,
                                              String password) throws IOException {
        requireIdentifier(database);
        requireIdentifier(user);
        try (Connection connection = server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            // ALTER on every start: the password is the one in the secrets file, even if that was regenerated.
            String verb = exists(connection, "select 1 from pg_roles where rolname = ?", user) ? "alter" : "create";
            statement.execute(verb + " role " + user + " login password " + literal(password));
            if (!exists(connection, "select 1 from pg_database where datname = ?", database)) {
                statement.execute("create database " + database + " owner " + user + " encoding 'UTF8'");
            }
        } catch (SQLException e) {
            throw new IOException("cannot prepare database " + database + " for role " + user, e);
        }
    }

    private static boolean exists(Connection connection, String query, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }

    private static void requireIdentifier(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain lower-case SQL identifier: " + name);
        }
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static long postmasterPid(Path dataDir) throws IOException {
        List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.US_ASCII);
        return Long.parseLong(lines.get(0).trim());
    }

    /** A postmaster still running on {@code dataDir} (its JVM was killed) would refuse a second start. */
    private static void stopLeftover(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> leftover;
        try {
            leftover = ProcessHandle.of(postmasterPid(dataDir))
                    .filter(p -> p.info().commandLine().map(line -> line.contains("-D " + dataDir)).orElse(false));
        } catch (IOException | RuntimeException unreadable) {
            return;
        }
        if (leftover.isPresent()) {
            // SIGINT is PostgreSQL's fast shutdown; SIGTERM (smart) would wait for clients forever.
            Processes.signal(leftover.get(), "INT");
            if (!Processes.awaitExit(List.of(leftover.get()), STOP_GRACE)) {
                throw new IOException("PostgreSQL from an earlier run (pid " + leftover.get().pid()
                        + ") does not stop");
            }
        }
    }
}
