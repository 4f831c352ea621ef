package io.rap.fabric.agent.cli;

import io.rap.fabric.agent.state.AgentState;
import io.rap.fabric.agent.control.HealthRules;
import io.rap.fabric.agent.state.DesiredStateFile;
import io.rap.fabric.agent.state.SnapshotFile;
import io.rap.fabric.protocol.Limits;
import io.rap.fabric.protocol.Snapshot;
import io.rap.fabric.agent.state.EnrollmentState;
import io.rap.fabric.agent.state.HealthFile;
import io.rap.fabric.agent.state.LocalHealth;
import io.rap.fabric.agent.state.StateException;
import io.rap.fabric.protocol.LinkReport;
import io.rap.fabric.agent.state.StateDir;
import io.rap.fabric.agent.state.WorkloadStatesFile;
import io.rap.fabric.protocol.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows this node's enrollment, identity, last heartbeat, applied desired state, workload"
                + " states and local health (control plane contact, degraded/partitioned state, route cache) from"
                + " the local state.",
                "Exits with 3 when the node is not enrolled."})
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StateDirOption state;

    @Option(names = "--json", description = "Print one JSON object (keys always present, null when unknown).")
    boolean json;

    @Override
    public Integer call() {
        StateDir dir = state.open();
        AgentState current = dir.loadOrEmpty();
        Optional<DesiredStateFile.Saved> desired = new DesiredStateFile(dir).load();
        Optional<WorkloadStatesFile.Saved> workloads = new WorkloadStatesFile(dir).load();
        // Stored only after it verified; read here for display, not for trust.
        Optional<Snapshot> snapshot = new SnapshotFile(dir).load()
                .map(signed -> Snapshot.fromJson(Json.parse(signed.payload(), Limits.MAX_SNAPSHOT_BYTES)));
        // Derived data: a corrupt health file is reported here, not fatal; the running agent rebuilds it.
        LocalHealth health = null;
        String healthError = null;
        try {
            health = new HealthFile(dir).load().orElse(null);
        } catch (StateException e) {
            healthError = e.getMessage();
            spec.commandLine().getErr().println(healthError);
            spec.commandLine().getErr().flush();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonObjectBuilder object = toJson(current);
            put(object, "desiredStateVersion", desired.map(d -> d.desiredState().version()).orElse(null));
            put(object, "desiredStateAcceptedAt", desired.map(DesiredStateFile.Saved::acceptedAt).orElse(null));
            put(object, "snapshotVersion", snapshot.map(Snapshot::version).orElse(null));
            put(object, "snapshotExpiresAt", snapshot.map(Snapshot::expiresAt).orElse(null));
            put(object, "snapshotPeers", snapshot.map(x -> x.peers() == null ? null : (long) x.peers().size())
                    .orElse(null));
            put(object, "snapshotRevokedSerials", snapshot.map(x -> (long) x.revokedSerials().size()).orElse(null));
            put(object, "workloadsUpdatedAt", workloads.map(WorkloadStatesFile.Saved::updatedAt).orElse(null));
            JsonArrayBuilder array = Json.arrayBuilder();
            workloads.ifPresent(w -> w.workloads().forEach(state -> array.add(state.toJson())));
            object.add("workloads", array);
            object.add("health", health == null ? JsonValue.NULL : health.toJson());
            put(object, "healthError", healthError);
            out.println(new String(Json.toBytes(object.build()), StandardCharsets.UTF_8));
        } else {
            print(out, current);
            String dropped = health == null ? null : health.hasReason(HealthRules.IDENTITY_REVOKED) ? "revoked"
                    : health.hasReason(HealthRules.MEMBERSHIP_WITHDRAWN) ? "without an active membership" : null;
            line(out, "Desired state", desired.map(d -> "version " + d.desiredState().version() + " (accepted "
                    + d.acceptedAt() + ")").orElse(dropped != null ? "none (dropped: the control plane reports this node "
                    + dropped + ")" : "none yet"));
            line(out, "Snapshot", snapshot.map(x -> "version " + x.version() + ", valid until " + x.expiresAt()
                    + ", " + (x.peers() == null ? "no peer list" : x.peers().size() + " peer(s)") + ", "
                    + x.revokedSerials().size() + " revoked serial(s)").orElse("none yet"));
            workloads.ifPresent(w -> w.workloads().forEach(state -> out.printf("  %-30s %-9s %s%n", state.name(),
                    state.state(), state.reason() == null ? "" : state.reason())));
            print(out, health, healthError);
        }
        out.flush();
        return current.enrollment() == EnrollmentState.APPROVED ? ExitCodes.OK : ExitCodes.NOT_ENROLLED;
    }

    private static JsonObjectBuilder toJson(AgentState s) {
        JsonObjectBuilder json = Json.objectBuilder();
        put(json, "nodeId", s.nodeId());
        put(json, "clusterId", s.clusterId());
        put(json, "enrollment", s.enrollment().wireName());
        put(json, "certificateSerial", s.certificateSerial());
        put(json, "certificateNotAfter", s.certificateNotAfter());
        put(json, "lastHeartbeatAt", s.lastHeartbeatAt());
        put(json, "server", s.server());
        put(json, "requestId", s.requestId());
        put(json, "rejectionReason", s.rejectionReason());
        return json;
    }

    private static void put(JsonObjectBuilder json, String key, Object value) {
        if (value == null) {
            json.add(key, JsonValue.NULL);
        } else if (value instanceof Long number) {
            json.add(key, number);
        } else {
            json.add(key, value.toString());
        }
    }

    private static void print(PrintWriter out, AgentState s) {
        line(out, "Enrollment", s.enrollment().wireName()
                + (s.rejectionReason() == null ? "" : " (" + s.rejectionReason() + ")"));
        line(out, "Server", s.server());
        line(out, "Request id", s.requestId());
        line(out, "Node id", s.nodeId());
        line(out, "Cluster id", s.clusterId());
        line(out, "Certificate serial", s.certificateSerial());
        line(out, "Certificate expires", s.certificateNotAfter());
        line(out, "Last heartbeat", s.lastHeartbeatAt() == null ? "never" : s.lastHeartbeatAt());
    }

    private static void print(PrintWriter out, LocalHealth health, String error) {
        if (error != null) {
            line(out, "Health", "unknown: " + error);
            return;
        }
        if (health == null) {
            line(out, "Health", "not recorded yet (no run so far)");
            return;
        }
        line(out, "Health", health.state() + " (recorded " + health.updatedAt() + ")");
        health.reasons().forEach(r -> out.printf("  %-30s %s%n", r.code(), r.detail() == null ? "" : r.detail()));
        LocalHealth.ControlPlane cp = health.controlPlane();
        line(out, "Control plane", cp == null ? "not contacted yet" : cp.state() + " since " + cp.since()
                + (cp.consecutiveFailures() == 0 ? "" : ", " + cp.consecutiveFailures() + " failed heartbeat(s)")
                + (cp.lastError() == null ? "" : ", last error: " + cp.lastError())
                + ", last accepted heartbeat " + (cp.lastAcceptedAt() == null ? "never" : cp.lastAcceptedAt()));
        line(out, "Routes", health.routes().isEmpty() ? "none measured" : health.routes().size() + " known");
        for (LinkReport.LinkHealth r : health.routes()) {
            out.printf("  %-36s %-44s rtt %-9s loss %3d%%  last success %s, %d failure(s) since%n", r.peer(),
                    r.via() == null ? "direct" : "relay " + r.via(), millis(r.rttMedianMicros()),
                    r.attempts() == 0 ? 0 : r.failures() * 100 / r.attempts(),
                    r.lastSuccessAt() == null ? "never" : r.lastSuccessAt(), r.consecutiveFailures());
        }
    }

    private static String millis(Long micros) {
        return micros == null ? "-" : String.format(java.util.Locale.ROOT, "%.1f ms", micros / 1000.0);
    }

    private static void line(PrintWriter out, String label, Object value) {
        out.printf("%-20s %s%n", label + ":", value == null ? "-" : value);
    }
}
