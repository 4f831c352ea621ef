package io.rap.fabric.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * The agent's own runtime figures, carried by heartbeats only while the
 * {@link TelemetryFlag#HEARTBEAT_DETAIL} flag applies; shown in the owner's Node Detail.
 *
 * @param heapMaxBytes        {@code null} when the JVM sets no limit
 * @param openFileDescriptors {@code null} where the platform does not tell (not a Unix JVM)
 * @param supervisedProcesses workloads the supervisor currently runs
 */
public record RuntimeDetail(long heapUsedBytes, Long heapMaxBytes, int liveThreads, long uptimeSeconds,
                            Long openFileDescriptors, int supervisedProcesses) {

    public RuntimeDetail {
        nonNegative("heapUsedBytes", heapUsedBytes);
        nonNegative("liveThreads", liveThreads);
        nonNegative("uptimeSeconds", uptimeSeconds);
        nonNegative("supervisedProcesses", supervisedProcesses);
        if (heapMaxBytes != null) {
            nonNegative("heapMaxBytes", heapMaxBytes);
        }
        if (openFileDescriptors != null) {
            nonNegative("openFileDescriptors", openFileDescriptors);
        }
    }

    private static void nonNegative(String field, long value) {
        if (value < 0) {
            throw ProtocolException.invalidField(field, field + " must not be negative");
        }
    }

    public JsonObject toJson() {
        JsonObjectBuilder json = Json.objectBuilder()
                .add("heapUsedBytes", heapUsedBytes)
                .add("liveThreads", liveThreads)
                .add("uptimeSeconds", uptimeSeconds)
                .add("supervisedProcesses", supervisedProcesses);
        if (heapMaxBytes != null) {
            json.add("heapMaxBytes", heapMaxBytes);
        }
        if (openFileDescriptors != null) {
            json.add("openFileDescriptors", openFileDescriptors);
        }
        return json.build();
    }

    public static RuntimeDetail fromJson(JsonObject json) {
        return new RuntimeDetail(Json.requireLong(json, "heapUsedBytes", 0, Long.MAX_VALUE),
                json.containsKey("heapMaxBytes") ? Json.requireLong(json, "heapMaxBytes", 0, Long.MAX_VALUE) : null,
                Json.requireInt(json, "liveThreads", 0, Integer.MAX_VALUE),
                Json.requireLong(json, "uptimeSeconds", 0, Long.MAX_VALUE),
                json.containsKey("openFileDescriptors")
                        ? Json.requireLong(json, "openFileDescriptors", 0, Long.MAX_VALUE) : null,
                Json.requireInt(json, "supervisedProcesses", 0, Integer.MAX_VALUE));
    }
}
