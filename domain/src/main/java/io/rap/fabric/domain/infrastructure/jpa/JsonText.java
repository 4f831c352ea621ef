package io.rap.fabric.domain.infrastructure.jpa;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * JSON text for the jsonb columns. Columns are mapped as strings (written with a cast to jsonb)
 * so the persistence layer needs no JSON binding provider; this class converts both ways.
 */
public final class JsonText {

    /**
     * Looked up once: {@code jakarta.json.Json}'s static methods walk the service loader on every
     * call, which the enrollment benchmark found among the top costs of an approval.
     */
    private static final JsonProvider JSON = io.rap.fabric.protocol.Json.provider();

    private JsonText() {
    }

    public static String ofStrings(Collection<String> values) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        values.forEach(array::add);
        return array.build().toString();
    }

    public static List<String> toStrings(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            JsonArray array = reader.readArray();
            return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        }
    }

    /** A flat string map, keys sorted: the same map always yields the same text. */
    public static String ofMap(Map<String, String> values) {
        JsonObjectBuilder object = JSON.createObjectBuilder();
        new TreeMap<>(values).forEach((k, v) -> {
            if (v == null) {
                object.addNull(k);
            } else {
                object.add(k, v);
            }
        });
        return object.build().toString();
    }

    public static SortedMap<String, String> toMap(String json) {
        SortedMap<String, String> map = new TreeMap<>();
        if (json == null || json.isBlank()) {
            return map;
        }
        JsonObject object = object(json);
        object.forEach((k, v) -> map.put(k, v.getValueType() == JsonValue.ValueType.STRING
                ? ((JsonString) v).getString()
                : v.getValueType() == JsonValue.ValueType.NULL ? null : v.toString()));
        return map;
    }

    public static JsonObject object(String json) {
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
