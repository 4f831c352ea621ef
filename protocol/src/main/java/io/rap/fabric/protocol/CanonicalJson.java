package io.rap.fabric.protocol;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The one byte form of a JSON value that signer and verifier agree on, following RFC 8785
 * (JCS) for the subset our signed documents use: object members sorted by their UTF-16 code
 * units, no whitespace, strings with only the mandatory escapes. Numbers must be integers
 * (written in plain decimal); fractions are refused rather than given a second spelling.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    public static byte[] toBytes(JsonValue value) {
        StringBuilder out = new StringBuilder(512);
        write(value, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(JsonValue value, StringBuilder out) {
        switch (value.getValueType()) {
            case OBJECT -> writeObject(value.asJsonObject(), out);
            case ARRAY -> writeArray(value.asJsonArray(), out);
            case STRING -> writeString(((JsonString) value).getString(), out);
            case NUMBER -> writeNumber((JsonNumber) value, out);
            case TRUE -> out.append("true");
            case FALSE -> out.append("false");
            case NULL -> out.append("null");
        }
    }

    private static void writeObject(JsonObject object, StringBuilder out) {
        List<String> names = new ArrayList<>(object.keySet());
        names.sort(String::compareTo); // String order is UTF-16 code unit order, as JCS requires
        out.append('{');
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            writeString(names.get(i), out);
            out.append(':');
            write(object.get(names.get(i)), out);
        }
        out.append('}');
    }

    private static void writeArray(JsonArray array, StringBuilder out) {
        out.append('[');
        for (int i = 0; i < array.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            write(array.get(i), out);
        }
        out.append(']');
    }

    private static void writeNumber(JsonNumber number, StringBuilder out) {
        if (!number.isIntegral()) {
            throw ProtocolException.invalidField(null, "signed documents carry integers only, not " + number);
        }
        out.append(number.bigIntegerValueExact().toString());
    }

    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
