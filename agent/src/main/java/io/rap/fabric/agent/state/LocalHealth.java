package io.rap.fabric.agent.state;

import io.rap.fabric.protocol.Json;
import io.rap.fabric.protocol.LinkReport;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The agent's own view of its health, as kept in {@code health.json} ({@link HealthFile}) and
 * shown by {@code status}: the overall state with its reasons, how the control plane answers,
 * and the route cache (last known health per fabric path).
 *
 * @param state   {@link #HEALTHY}, {@link #DEGRADED} or {@link #PARTITIONED}
 * @param reasons why it is not healthy; empty when healthy
 * @param routes  the route cache, most recently used first, at most {@link #MAX_ROUTES}
 */
public record LocalHealth(Instant updatedAt, String state, List<Reason> reasons, ControlPlane controlPlane,
                          List<LinkReport.LinkHealth> routes) {

    public static final String HEALTHY = "healthy";
    public static final String DEGRADED = "degraded";
    public static final String PARTITIONED = "partitioned";
    /** Bounds the route cache (and the file): a mesh node keeps the paths it used most recently. */
    public static final int MAX_ROUTES = 256;
    static final int MAX_REASONS = 32;
    static final int MAX_TEXT = 1000;

    public LocalHealth {
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (!List.of(HEALTHY, DEGRADED, PARTITIONED).contains(state)) {
            throw new IllegalArgumentException("unknown health state " + state);
        }
        reasons = List.copyOf(reasons);
        routes = List.copyOf(routes);
        if (routes.size() > MAX_ROUTES) {
            throw new IllegalArgumentException("more than " + MAX_ROUTES + " routes");
        }
    }

    /**
     * One reason for not being healthy.
     *
     * @param code   stable, for scripts and tests (see {@code docs/agent.md})
     * @param detail for people
     */
    public record Reason(String code, String detail) {

        public Reason {
            Objects.requireNonNull(code, "code");
            detail = clip(detail);
        }

        JsonObject toJson() {
            JsonObjectBuilder json = Json.objectBuilder().add("code", code);
            Json.addOptional(json, "detail", detail);
            return json.build();
        }

        static Reason fromJson(JsonObject json) {
            return new Reason(Json.requireString(json, "code", 100), Json.optionalString(json, "detail", MAX_TEXT));
        }
    }

    /**
     * How the control plane answers heartbeats.
     *
     * @param state               {@link #REACHABLE}, {@link #UNREACHABLE} (no answer: network, DNS,
     *                            TLS) or {@link #REFUSING} (answers with a problem)
     * @param since               when it entered this state
     * @param consecutiveFailures heartbeats that failed since the last accepted one
     * @param lastError           the problem type, or the I/O reason, of the last failure; {@code null}
     *                            while reachable
     * @param lastAcceptedAt      the last accepted heartbeat, {@code null} if none yet
     */
    public record ControlPlane(String state, Instant since, int consecutiveFailures, String lastError,
                               Instant lastAcceptedAt) {

        public static final String REACHABLE = "reachable";
        public static final String UNREACHABLE = "unreachable";
        public static final String REFUSING = "refusing";

        public ControlPlane {
            if (!List.of(REACHABLE, UNREACHABLE, REFUSING).contains(state)) {
                throw new IllegalArgumentException("unknown control plane state " + state);
            }
            Objects.requireNonNull(since, "since");
            if (consecutiveFailures < 0) {
                throw new IllegalArgumentException("consecutiveFailures must not be negative");
            }
            lastError = clip(lastError);
        }

        JsonObject toJson() {
            JsonObjectBuilder json = Json.objectBuilder().add("state", state).add("since", since.toString())
                    .add("consecutiveFailures", consecutiveFailures);
            Json.addOptional(json, "lastError", lastError);
            Json.addOptional(json, "lastAcceptedAt", lastAcceptedAt);
            return json.build();
        }

        static ControlPlane fromJson(JsonObject json) {
            return new ControlPlane(Json.requireString(json, "state", 20), Json.requireInstant(json, "since"),
                    Json.requireInt(json, "consecutiveFailures", 0, Integer.MAX_VALUE),
                    Json.optionalString(json, "lastError", MAX_TEXT), Json.optionalInstant(json, "lastAcceptedAt"));
        }
    }

    /** Details are for people; a long one (many failed workloads, a long I/O message) is cut to fit the file's limits. */
    private static String clip(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    }

    public boolean hasReason(String code) {
        return reasons.stream().anyMatch(r -> r.code().equals(code));
    }

    public JsonObject toJson() {
        JsonArrayBuilder reasonArray = Json.arrayBuilder();
        reasons.forEach(r -> reasonArray.add(r.toJson()));
        JsonArrayBuilder routeArray = Json.arrayBuilder();
        routes.forEach(r -> routeArray.add(r.toJson()));
        JsonObjectBuilder json = Json.objectBuilder()
                .add("updatedAt", updatedAt.toString())
                .add("state", state)
                .add("reasons", reasonArray);
        if (controlPlane != null) {
            json.add("controlPlane", controlPlane.toJson());
        }
        return json.add("routes", routeArray).build();
    }

    static LocalHealth fromJson(JsonObject json) {
        List<Reason> reasons = new ArrayList<>();
        for (JsonObject r : Json.objectList(json, "reasons", MAX_REASONS)) {
            reasons.add(Reason.fromJson(r));
        }
        List<LinkReport.LinkHealth> routes = new ArrayList<>();
        for (JsonObject r : Json.objectList(json, "routes", MAX_ROUTES)) {
            routes.add(LinkReport.LinkHealth.fromJson(r));
        }
        ControlPlane controlPlane = json.containsKey("controlPlane") && !json.isNull("controlPlane")
                ? ControlPlane.fromJson(json.getJsonObject("controlPlane")) : null;
        return new LocalHealth(Json.requireInstant(json, "updatedAt"), Json.requireString(json, "state", 20), reasons,
                controlPlane, routes);
    }
}
