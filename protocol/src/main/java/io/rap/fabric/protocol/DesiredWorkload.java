package io.rap.fabric.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One workload the control plane wants a node to run in one cluster, and the role assignment
 * that authorizes it. {@code settings} are plain key/value pairs interpreted by the workload
 * type, e.g. {@code executable} and {@code arguments} of a {@code process} workload. The agent
 * still decides locally whether it may run it (a process's executable must be on its allow-list).
 */
public record DesiredWorkload(String name, String type, String role, Map<String, String> settings) {

    public static final String SYNTHETIC_ECHO = "synthetic.echo";
    public static final String PROCESS = "process";

    public DesiredWorkload {
        Check.name("name", name, Limits.MAX_WORKLOAD_NAME_LENGTH);
        Check.identifier("type", type);
        Check.identifier("role", role);
        settings = settings == null ? Map.of() : settings;
        if (settings.size() > Limits.MAX_WORKLOAD_SETTINGS) {
            throw ProtocolException.invalidField("settings",
                    "settings must have at most " + Limits.MAX_WORKLOAD_SETTINGS + " entries");
        }
        Map<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            Check.identifier("settings key", e.getKey());
            Check.optionalLine("settings." + e.getKey(), Check.required("settings." + e.getKey(), e.getValue()),
                    Limits.MAX_SETTING_VALUE_LENGTH);
            copy.put(e.getKey(), e.getValue());
        }
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(copy));
    }

    public JsonObject toJson() {
        JsonObjectBuilder s = Json.objectBuilder();
        settings.forEach(s::add);
        return Json.objectBuilder()
                .add("name", name)
                .add("type", type)
                .add("role", role)
                .add("settings", s)
                .build();
    }

    public static DesiredWorkload fromJson(JsonObject json) {
        JsonObject settingsJson = Json.optionalObject(json, "settings");
        Map<String, String> settings = new LinkedHashMap<>();
        if (settingsJson != null) {
            if (settingsJson.size() > Limits.MAX_WORKLOAD_SETTINGS) {
                throw ProtocolException.invalidField("settings",
                        "settings must have at most " + Limits.MAX_WORKLOAD_SETTINGS + " entries");
            }
            for (String key : settingsJson.keySet()) {
                settings.put(key, Json.requireString(settingsJson, key, Limits.MAX_SETTING_VALUE_LENGTH));
            }
        }
        return new DesiredWorkload(
                Json.requireString(json, "name", Limits.MAX_WORKLOAD_NAME_LENGTH),
                Json.requireString(json, "type", Limits.MAX_IDENTIFIER_LENGTH),
                Json.requireString(json, "role", Limits.MAX_IDENTIFIER_LENGTH),
                settings);
    }
}
