package io.rap.fabric.protocol;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Route health as a node measured it, for the control plane's link inventory
 * ({@code POST /nodes/{id}/links}, DESIGN.md §6): one entry per path this node used towards a
 * peer, direct or through one relay. Only the platform owner is meant to see it. Answered with
 * {@code 204}. {@link #MAX_LINKS} bounds the list; the 64 KiB body limit ({@link Limits#MAX_BODY_BYTES})
 * is reached earlier (an entry is about 300 bytes), so a sender trims to the body limit.
 */
public record LinkReport(UUID clusterId, UUID nodeId, Instant measuredAt, List<LinkHealth> links) {

    public static final int MAX_LINKS = 1_000;

    public LinkReport {
        Check.required("clusterId", clusterId);
        Check.required("nodeId", nodeId);
        Check.required("measuredAt", measuredAt);
        links = Check.list("links", links, MAX_LINKS);
        // One row per path on the server: a second figure for the same path could only contradict the first.
        Set<String> paths = new HashSet<>();
        for (LinkHealth link : links) {
            if (!paths.add(link.peer() + "/" + link.via())) {
                throw ProtocolException.invalidField("links", "links lists the path to " + link.peer()
                        + (link.via() == null ? " (direct)" : " via " + link.via()) + " twice");
            }
        }
    }

    public JsonObject toJson() {
        JsonArrayBuilder array = Json.arrayBuilder();
        links.forEach(link -> array.add(link.toJson()));
        return Json.objectBuilder()
                .add("clusterId", clusterId.toString())
                .add("nodeId", nodeId.toString())
                .add("measuredAt", measuredAt.toString())
                .add("links", array)
                .build();
    }

    public static LinkReport fromJson(JsonObject json) {
        List<JsonObject> objects = Json.objectList(json, "links", MAX_LINKS);
        List<LinkHealth> links = new ArrayList<>(objects.size());
        for (int i = 0; i < objects.size(); i++) {
            try {
                links.add(LinkHealth.fromJson(objects.get(i)));
            } catch (ProtocolException e) {
                throw e.nestedIn("links[" + i + "]");
            }
        }
        return new LinkReport(Json.requireUuid(json, "clusterId"), Json.requireUuid(json, "nodeId"),
                Json.requireInstant(json, "measuredAt"), links);
    }

    /**
     * One path's health.
     *
     * @param via                  the relay the path goes through; {@code null} for the direct path
     * @param attempts             attempts in the recent window the figures describe
     * @param failures             failed attempts among them (loss and refusals alike)
     * @param rttMedianMicros      median round trip of the recent successes; {@code null} without one
     * @param rttP99Micros         99th percentile of the same samples; {@code null} without one
     * @param consecutiveFailures  failures since the last success
     */
    public record LinkHealth(UUID peer, UUID via, int attempts, int failures, Long rttMedianMicros, Long rttP99Micros,
                             int consecutiveFailures, Instant lastSuccessAt, Instant lastFailureAt) {

        public LinkHealth {
            Check.required("peer", peer);
            if (attempts < 0 || failures < 0 || failures > attempts || consecutiveFailures < 0) {
                throw ProtocolException.invalidField("failures", "failures must be between 0 and attempts");
            }
        }

        public JsonObject toJson() {
            var json = Json.objectBuilder()
                    .add("peer", peer.toString())
                    .add("attempts", attempts)
                    .add("failures", failures)
                    .add("consecutiveFailures", consecutiveFailures);
            Json.addOptional(json, "via", via);
            if (rttMedianMicros != null) {
                json.add("rttMedianMicros", rttMedianMicros);
            }
            if (rttP99Micros != null) {
                json.add("rttP99Micros", rttP99Micros);
            }
            Json.addOptional(json, "lastSuccessAt", lastSuccessAt);
            Json.addOptional(json, "lastFailureAt", lastFailureAt);
            return json.build();
        }

        public static LinkHealth fromJson(JsonObject json) {
            return new LinkHealth(Json.requireUuid(json, "peer"), Json.optionalUuid(json, "via"),
                    Json.requireInt(json, "attempts", 0, Integer.MAX_VALUE),
                    Json.requireInt(json, "failures", 0, Integer.MAX_VALUE),
                    optionalLong(json, "rttMedianMicros"), optionalLong(json, "rttP99Micros"),
                    Json.requireInt(json, "consecutiveFailures", 0, Integer.MAX_VALUE),
                    Json.optionalInstant(json, "lastSuccessAt"), Json.optionalInstant(json, "lastFailureAt"));
        }

        private static Long optionalLong(JsonObject json, String field) {
            return json.containsKey(field) && !json.isNull(field) ? Json.requireLong(json, field, 0, Long.MAX_VALUE) : null;
        }
    }
}
