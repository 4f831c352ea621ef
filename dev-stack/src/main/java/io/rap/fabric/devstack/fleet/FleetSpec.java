package io.rap.fabric.devstack.fleet;

import java.util.regex.Pattern;

/**
 * What {@link FleetSeeder} creates.
 *
 * @param prefix            slug prefix of the seeded clusters ({@code fleet} gives {@code fleet-01} ...); also the
 *                          mark by which a second run recognizes an already seeded fleet
 * @param clusters          number of clusters (nodes are spread over them unevenly)
 * @param nodes             number of nodes (hosts); a few of them are members of a second cluster
 * @param auditDays         how far back the fleet's history (enrollments, rotations, audit events) reaches
 * @param heartbeatMinutes  how much of each membership's heartbeat log to write, at {@code heartbeatSeconds}
 * @param heartbeatSeconds  the agents' heartbeat interval (the agent's default is 15 s)
 * @param pendingPerCluster pending join requests per cluster
 * @param owner             the person named as actor of the owner's actions (the demo platform owner)
 * @param randomSeed        the same seed gives the same fleet shape (keys, serials and ids excepted)
 */
public record FleetSpec(String prefix, int clusters, int nodes, int auditDays, int heartbeatMinutes,
                        int heartbeatSeconds, int pendingPerCluster, String owner, long randomSeed) {

    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9]{0,20}");

    public FleetSpec {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("--prefix must be 1 to 21 lower-case letters and digits, starting"
                    + " with a letter");
        }
        requireRange("--clusters", clusters, 1, 99);
        requireRange("--nodes", nodes, 1, 1_000_000);
        requireRange("--audit-days", auditDays, 1, 3650);
        requireRange("--heartbeat-minutes", heartbeatMinutes, 0, 24 * 60);
        requireRange("--heartbeat-seconds", heartbeatSeconds, 1, 3600);
        requireRange("--pending", pendingPerCluster, 0, 1000);
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("--owner must name a person");
        }
    }

    /** The fleet: 10 clusters, 10 000 nodes, a year of history, the last half hour of heartbeats. */
    public static FleetSpec defaults() {
        return new FleetSpec("fleet", 10, 10_000, 365, 30, 15, 3, "owner", 20261126L);
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + " (got " + value
                    + ")");
        }
    }
}
