package io.rap.fabric.protocol;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What one cluster membership of a node may know, as of {@code version}: built per node from
 * PostgreSQL and signed by the cluster's configuration signer ({@link SnapshotSigning}).
 *
 * <p>Need-to-know is visible in the type: a section the node's roles do not entitle it to is
 * {@code null} and absent from the JSON, not an empty list that merely looks harmless.
 * {@code peers} and {@code peerPolicy} are for mesh roles, {@code entryPoints} for ingress,
 * {@code resources} for egress and service roles. Every node gets its roles, its authorized
 * workloads and the cluster's revoked certificate serials (to refuse those peers on QUIC).
 */
public record Snapshot(UUID clusterId, UUID nodeId, long version, Instant issuedAt, Instant expiresAt,
                       List<RoleGrant> roles, List<DesiredWorkload> workloads, List<String> revokedSerials,
                       List<SnapshotPeer> peers, PeerPolicy peerPolicy, List<SnapshotEntryPoint> entryPoints,
                       List<SnapshotResource> resources) {

    public static final String FORMAT = "rap-snapshot/1";
    private static final Pattern SERIAL = Pattern.compile("[0-9a-f]{1,40}");

    public Snapshot {
        Check.required("clusterId", clusterId);
        Check.required("nodeId", nodeId);
        if (version < 1) {
            throw ProtocolException.invalidField("version", "version must be at least 1");
        }
        Check.required("issuedAt", issuedAt);
        Check.required("expiresAt", expiresAt);
        if (!expiresAt.isAfter(issuedAt)) {
            throw ProtocolException.invalidField("expiresAt", "expiresAt must be after issuedAt");
        }
        roles = Check.list("roles", roles, Limits.MAX_ROLES);
        workloads = Check.list("workloads", workloads, Limits.MAX_WORKLOADS);
        revokedSerials = Check.list("revokedSerials", revokedSerials, Limits.MAX_REVOKED_SERIALS);
        for (String serial : revokedSerials) {
            if (!SERIAL.matcher(serial).matches()) {
                throw ProtocolException.invalidField("revokedSerials", "revokedSerials must be lower-case hex serials");
            }
        }
        peers = peers == null ? null : Check.list("peers", peers, Limits.MAX_PEERS);
        entryPoints = entryPoints == null ? null : Check.list("entryPoints", entryPoints, Limits.MAX_ENTRY_POINTS);
        resources = resources == null ? null : Check.list("resources", resources, Limits.MAX_RESOURCES);
    }

    public JsonObject toJson() {
        JsonObjectBuilder json = Json.objectBuilder()
                .add("format", FORMAT)
                .add("clusterId", clusterId.toString())
                .add("nodeId", nodeId.toString())
                .add("version", version)
                .add("issuedAt", issuedAt.toString())
                .add("expiresAt", expiresAt.toString())
                .add("roles", array(roles, RoleGrant::toJson))
                .add("workloads", array(workloads, DesiredWorkload::toJson))
                .add("revokedSerials", Json.stringArray(revokedSerials));
        if (peers != null) {
            json.add("peers", array(peers, SnapshotPeer::toJson));
        }
        if (peerPolicy != null) {
            json.add("peerPolicy", peerPolicy.toJson());
        }
        if (entryPoints != null) {
            json.add("entryPoints", array(entryPoints, SnapshotEntryPoint::toJson));
        }
        if (resources != null) {
            json.add("resources", array(resources, SnapshotResource::toJson));
        }
        return json.build();
    }

    public static Snapshot fromJson(JsonObject json) {
        String format = Json.requireString(json, "format", Limits.MAX_IDENTIFIER_LENGTH);
        if (!FORMAT.equals(format)) {
            throw ProtocolException.invalidField("format", "format must be " + FORMAT);
        }
        JsonObject peerPolicy = Json.optionalObject(json, "peerPolicy");
        return new Snapshot(
                Json.requireUuid(json, "clusterId"),
                Json.requireUuid(json, "nodeId"),
                Json.requireLong(json, "version", 1, Long.MAX_VALUE),
                Json.requireInstant(json, "issuedAt"),
                Json.requireInstant(json, "expiresAt"),
                list(json, "roles", Limits.MAX_ROLES, RoleGrant::fromJson),
                list(json, "workloads", Limits.MAX_WORKLOADS, DesiredWorkload::fromJson),
                Json.stringList(json, "revokedSerials", Limits.MAX_REVOKED_SERIALS, 40),
                json.containsKey("peers") ? list(json, "peers", Limits.MAX_PEERS, SnapshotPeer::fromJson) : null,
                peerPolicy == null ? null : PeerPolicy.fromJson(peerPolicy),
                json.containsKey("entryPoints")
                        ? list(json, "entryPoints", Limits.MAX_ENTRY_POINTS, SnapshotEntryPoint::fromJson) : null,
                json.containsKey("resources")
                        ? list(json, "resources", Limits.MAX_RESOURCES, SnapshotResource::fromJson) : null);
    }

    private static <T> JsonArrayBuilder array(List<T> items, Function<T, JsonObject> toJson) {
        JsonArrayBuilder array = Json.arrayBuilder();
        items.forEach(item -> array.add(toJson.apply(item)));
        return array;
    }

    private static <T> List<T> list(JsonObject json, String field, int max, Function<JsonObject, T> fromJson) {
        List<JsonObject> objects = Json.objectList(json, field, max);
        List<T> result = new ArrayList<>(objects.size());
        for (int i = 0; i < objects.size(); i++) {
            try {
                result.add(fromJson.apply(objects.get(i)));
            } catch (ProtocolException e) {
                throw e.nestedIn(field + "[" + i + "]");
            }
        }
        return result;
    }
}
