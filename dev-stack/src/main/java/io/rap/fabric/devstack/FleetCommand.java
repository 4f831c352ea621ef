package io.rap.fabric.devstack;

import io.rap.fabric.devstack.fleet.FleetSeeder;
import io.rap.fabric.devstack.fleet.FleetSpec;
import io.rap.fabric.devstack.keycloak.DemoUser;
import io.rap.fabric.devstack.postgres.DatabaseSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

/**
 * {@code ./rap-dev seed-fleet}: a big fleet in the running dev stack's database (docs/development.md,
 * "A big fleet"). It only ever talks to the database that {@code ./rap-dev up} started (the address in
 * {@code stack.json}, which must be on loopback) with the KEK from {@code server-secrets.json}: there is no
 * option to point it anywhere else, so it cannot reach a production database by accident.
 */
final class FleetCommand {

    private FleetCommand() {
    }

    static int run(StackProfile profile, List<String> args, PrintStream out) throws IOException {
        FleetSpec spec;
        try {
            spec = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("rap-dev seed-fleet: " + e.getMessage());
            System.err.println(USAGE);
            return 2;
        }
        if (spec == null) {
            out.println(USAGE);
            return 0;
        }
        if (!Files.exists(profile.stackFile()) || !Files.exists(profile.serverSecretsFile())) {
            System.err.println("rap-dev seed-fleet: no dev stack here; start it first: ./rap-dev up --detach");
            return 1;
        }
        StackInfo info = StackInfo.read(profile.stackFile());
        if (!StackInfo.READY.equals(info.state())) {
            System.err.println("rap-dev seed-fleet: the dev stack is " + info.state()
                    + "; start it first (./rap-dev up --detach): the EAR's Flyway creates the schema");
            return 1;
        }
        DatabaseSettings database = info.database();
        String host = URI.create(database.jdbcUrl().substring("jdbc:".length())).getHost();
        if (!StackProfile.LOOPBACK.equals(host) && !"localhost".equals(host)) {
            System.err.println("rap-dev seed-fleet: refusing: the stack's database " + database.jdbcUrl()
                    + " is not the dev stack's own PostgreSQL on loopback (RAP_DB_URL was set)");
            return 1;
        }
        byte[] kek = Base64.getDecoder().decode(ServerSecrets.loadOrGenerate(profile.serverSecretsFile()).caKek());
        String owner = info.users().stream().filter(u -> u.realmRoles().contains("platform-owner"))
                .map(DemoUser::username).findFirst().orElse(spec.owner());
        spec = new FleetSpec(spec.prefix(), spec.clusters(), spec.nodes(), spec.auditDays(), spec.heartbeatMinutes(),
                spec.heartbeatSeconds(), spec.pendingPerCluster(), owner, spec.randomSeed());
        out.printf("rap-dev seed-fleet: %d clusters, %d nodes, %d days of history, %d min of heartbeats into %s%n",
                spec.clusters(), spec.nodes(), spec.auditDays(), spec.heartbeatMinutes(), database.jdbcUrl());
        Properties login = new Properties();
        login.setProperty("user", database.user());
        login.setProperty("password", database.password());
        try (Connection connection = new org.postgresql.Driver().connect(database.jdbcUrl(), login)) {
            FleetSeeder.Summary summary = FleetSeeder.seed(connection, spec, kek, Instant.now(), out);
            out.println("rap-dev seed-fleet: analyzing the tables ...");
            FleetSeeder.analyze(connection);
            out.println("rap-dev seed-fleet: done: " + summary);
            return 0;
        } catch (FleetSeeder.AlreadySeededException e) {
            System.err.println("rap-dev seed-fleet: " + e.getMessage());
            return 3;
        } catch (SQLException e) {
            System.err.println("rap-dev seed-fleet: the database refused the fleet (nothing was written): "
                    + e.getMessage());
            return 1;
        }
    }

    static final String USAGE = """
            usage: ./rap-dev seed-fleet [--clusters N] [--nodes N] [--audit-days N] [--heartbeat-minutes N]
                                        [--heartbeat-seconds N] [--pending N] [--prefix NAME] [--seed N]
              defaults: 10 clusters, 10000 nodes, 365 days of history, 30 minutes of heartbeats at 15 s,
                        3 pending join requests per cluster, prefix 'fleet' (clusters fleet-01 ...)
              Writes into the running dev stack's PostgreSQL only; refuses if a fleet with the prefix exists.""";

    /** The spec, or null for {@code --help}. */
    static FleetSpec parse(List<String> args) {
        FleetSpec d = FleetSpec.defaults();
        String prefix = d.prefix();
        int clusters = d.clusters();
        int nodes = d.nodes();
        int auditDays = d.auditDays();
        int heartbeatMinutes = d.heartbeatMinutes();
        int heartbeatSeconds = d.heartbeatSeconds();
        int pending = d.pendingPerCluster();
        long seed = d.randomSeed();
        for (int i = 0; i < args.size(); i++) {
            String name = args.get(i);
            if (name.equals("--help") || name.equals("-h")) {
                return null;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(name.startsWith("--") ? name + " needs a value"
                        : "unexpected argument " + name);
            }
            String value = args.get(++i);
            switch (name) {
                case "--prefix" -> prefix = value;
                case "--clusters" -> clusters = number(name, value);
                case "--nodes" -> nodes = number(name, value);
                case "--audit-days" -> auditDays = number(name, value);
                case "--heartbeat-minutes" -> heartbeatMinutes = number(name, value);
                case "--heartbeat-seconds" -> heartbeatSeconds = number(name, value);
                case "--pending" -> pending = number(name, value);
                case "--seed" -> seed = number(name, value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return new FleetSpec(prefix, clusters, nodes, auditDays, heartbeatMinutes, heartbeatSeconds, pending,
                d.owner(), seed);
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number (got '" + value + "')");
        }
    }
}
