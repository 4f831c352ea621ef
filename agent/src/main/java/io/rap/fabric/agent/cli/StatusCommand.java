package io.rap.fabric.agent.cli;

import io.rap.fabric.agent.state.AgentState;
import io.rap.fabric.agent.state.EnrollmentState;
import io.rap.fabric.protocol.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows this node's enrollment, identity and last heartbeat from the local state.",
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
        AgentState current = state.open().loadOrEmpty();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new String(Json.toBytes(toJson(current).build()), StandardCharsets.UTF_8));
        } else {
            print(out, current);
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

    private static void line(PrintWriter out, String label, Object value) {
        out.printf("%-20s %s%n", label + ":", value == null ? "-" : value);
    }
}
