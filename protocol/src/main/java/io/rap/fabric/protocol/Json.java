package io.rap.fabric.protocol;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonConfig;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Parsing and typed access for node API JSON bodies. Every getter throws
 * {@link ProtocolException} with code {@code invalid_field} naming the field.
 * Text getters refuse control characters other than tab, CR and LF.
 */
public final class Json {

    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Json() {
    }

    /** The JSON-P provider, looked up once: a lookup per call walks the service loader. */
    public static JsonProvider provider() {
        return Holder.PROVIDER;
    }

    /** A builder that starts as a copy of {@code object}. */
    public static JsonObjectBuilder objectBuilder(JsonObject object) {
        return provider().createObjectBuilder(object);
    }

    public static JsonObjectBuilder objectBuilder() {
        return provider().createObjectBuilder();
    }

    public static JsonArrayBuilder arrayBuilder() {
        return provider().createArrayBuilder();
    }

    /** Parses a request or response body of at most {@link Limits#MAX_BODY_BYTES}. */
    public static JsonObject parse(byte[] body) {
        return parse(body, Limits.MAX_BODY_BYTES);
    }

    /**
     * Parses strict UTF-8 JSON whose top level is one object, with nothing after it.
     * Duplicate member names are refused where the JSON-P provider supports it.
     */
    public static JsonObject parse(byte[] body, int maxBytes) {
        if (body == null || body.length == 0) {
            throw new ProtocolException(ProtocolException.MALFORMED_JSON, null, "body is empty; a JSON object is required");
        }
        if (body.length > maxBytes) {
            throw new ProtocolException(ProtocolException.BODY_TOO_LARGE, null,
                    "body is larger than " + maxBytes + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(ProtocolException.MALFORMED_JSON, null, "body is not valid UTF-8");
        }
        try (JsonParser parser = Holder.PARSERS.createParser(new StringReader(text))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new ProtocolException(ProtocolException.MALFORMED_JSON, null, "body must be a JSON object");
            }
            JsonObject object = parser.getObject();
            // The reader API stops after the first value; anything after it is an error here.
            if (parser.hasNext()) {
                throw new ProtocolException(ProtocolException.MALFORMED_JSON, null, "body has data after the JSON object");
            }
            return object;
        } catch (ProtocolException e) {
            throw e;
        } catch (JsonParsingException e) {
            throw new ProtocolException(ProtocolException.MALFORMED_JSON, null,
                    "body is not valid JSON (line " + e.getLocation().getLineNumber()
                            + ", column " + e.getLocation().getColumnNumber() + ")");
        } catch (RuntimeException e) {
            // JsonException, and plain RuntimeException for Parsson's nesting limit.
            throw new ProtocolException(ProtocolException.MALFORMED_JSON, null, "body is not valid JSON");
        }
    }

    /** Compact UTF-8 encoding. */
    public static byte[] toBytes(JsonObject object) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonWriter writer = provider().createWriter(out)) {
            writer.writeObject(object);
        }
        return out.toByteArray();
    }

    public static String requireString(JsonObject obj, String field, int maxLength) {
        String value = optionalString(obj, field, maxLength);
        if (value == null) {
            throw missing(field);
        }
        return value;
    }

    /** The string, or {@code null} when the member is absent or JSON {@code null}. */
    public static String optionalString(JsonObject obj, String field, int maxLength) {
        JsonValue value = member(obj, field);
        if (value == null) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.STRING) {
            throw ProtocolException.invalidField(field, field + " must be a string");
        }
        return checkText(field, ((JsonString) value).getString(), maxLength);
    }

    public static UUID requireUuid(JsonObject obj, String field) {
        UUID value = optionalUuid(obj, field);
        if (value == null) {
            throw missing(field);
        }
        return value;
    }

    public static UUID optionalUuid(JsonObject obj, String field) {
        String text = optionalString(obj, field, 36);
        return text == null ? null : uuid(field, text);
    }

    /** Parses the canonical 8-4-4-4-12 hex form only ({@link UUID#fromString} accepts more). */
    public static UUID uuid(String field, String text) {
        if (!UUID_TEXT.matcher(text).matches()) {
            throw ProtocolException.invalidField(field, field + " must be a UUID");
        }
        return UUID.fromString(text);
    }

    /** An ISO-8601 date-time with offset, e.g. {@code 2025-01-31T12:00:00Z}. */
    public static Instant requireInstant(JsonObject obj, String field) {
        Instant value = optionalInstant(obj, field);
        if (value == null) {
            throw missing(field);
        }
        return value;
    }

    public static Instant optionalInstant(JsonObject obj, String field) {
        String text = optionalString(obj, field, Limits.MAX_INSTANT_LENGTH);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw ProtocolException.invalidField(field, field + " must be an ISO-8601 date-time with offset");
        }
    }

    public static int requireInt(JsonObject obj, String field, int min, int max) {
        return (int) requireLong(obj, field, min, max);
    }

    public static long requireLong(JsonObject obj, String field, long min, long max) {
        JsonValue value = member(obj, field);
        if (value == null) {
            throw missing(field);
        }
        if (value.getValueType() != JsonValue.ValueType.NUMBER || !((JsonNumber) value).isIntegral()) {
            throw ProtocolException.invalidField(field, field + " must be an integer");
        }
        long result;
        try {
            result = ((JsonNumber) value).longValueExact();
        } catch (ArithmeticException e) {
            throw ProtocolException.invalidField(field, field + " is out of range");
        }
        if (result < min || result > max) {
            throw ProtocolException.invalidField(field, field + " must be between " + min + " and " + max);
        }
        return result;
    }

    /** An array of strings; absent or JSON {@code null} reads as an empty list. */
    public static List<String> stringList(JsonObject obj, String field, int maxItems, int itemMaxLength) {
        JsonArray array = optionalArray(obj, field, maxItems);
        List<String> result = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String item = field + "[" + i + "]";
            JsonValue value = array.get(i);
            if (value.getValueType() != JsonValue.ValueType.STRING) {
                throw ProtocolException.invalidField(field, item + " must be a string");
            }
            result.add(checkText(field, ((JsonString) value).getString(), itemMaxLength, item));
        }
        return List.copyOf(result);
    }

    /** An array of objects; absent or JSON {@code null} reads as an empty list. */
    public static List<JsonObject> objectList(JsonObject obj, String field, int maxItems) {
        JsonArray array = optionalArray(obj, field, maxItems);
        List<JsonObject> result = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonValue value = array.get(i);
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw ProtocolException.invalidField(field, field + "[" + i + "] must be an object");
            }
            result.add(value.asJsonObject());
        }
        return List.copyOf(result);
    }

    public static JsonObject requireObject(JsonObject obj, String field) {
        JsonObject value = optionalObject(obj, field);
        if (value == null) {
            throw missing(field);
        }
        return value;
    }

    public static JsonObject optionalObject(JsonObject obj, String field) {
        JsonValue value = member(obj, field);
        if (value == null) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ProtocolException.invalidField(field, field + " must be an object");
        }
        return value.asJsonObject();
    }

    /** Adds {@code value} unless it is {@code null} (absent members instead of JSON nulls). */
    public static JsonObjectBuilder addOptional(JsonObjectBuilder builder, String field, Object value) {
        if (value != null) {
            builder.add(field, value.toString());
        }
        return builder;
    }

    public static JsonArrayBuilder stringArray(List<String> values) {
        JsonArrayBuilder array = arrayBuilder();
        values.forEach(array::add);
        return array;
    }

    static ProtocolException missing(String field) {
        return ProtocolException.invalidField(field, field + " is required");
    }

    static String checkText(String field, String value, int maxLength) {
        return checkText(field, value, maxLength, field);
    }

    private static String checkText(String field, String value, int maxLength, String label) {
        if (value.length() > maxLength) {
            throw ProtocolException.invalidField(field, label + " must be at most " + maxLength + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                throw ProtocolException.invalidField(field, label + " contains a control character");
            }
        }
        return value;
    }

    private static JsonArray optionalArray(JsonObject obj, String field, int maxItems) {
        JsonValue value = member(obj, field);
        if (value == null) {
            return JsonValue.EMPTY_JSON_ARRAY;
        }
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            throw ProtocolException.invalidField(field, field + " must be an array");
        }
        JsonArray array = value.asJsonArray();
        if (array.size() > maxItems) {
            throw ProtocolException.invalidField(field, field + " must have at most " + maxItems + " items");
        }
        return array;
    }

    /** The member's value, or {@code null} when absent or JSON {@code null}. */
    private static JsonValue member(JsonObject obj, String field) {
        JsonValue value = obj.get(field);
        return value == null || value.getValueType() == JsonValue.ValueType.NULL ? null : value;
    }

    private static final class Holder {
        static final JsonProvider PROVIDER = JsonProvider.provider();
        /**
         * Duplicate member names make a document mean different things to different
         * readers, so they are refused: by JSON-P 2.1's key strategy where the provider
         * honours it, and by Parsson's own switch (Parsson ignores the standard one).
         * Our messages are shallow, so nesting is capped well below Parsson's default.
         */
        static final JsonParserFactory PARSERS = PROVIDER.createParserFactory(Map.of(
                JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE,
                "org.eclipse.parsson.rejectDuplicateKeys", true,
                "org.eclipse.parsson.maxDepth", 32));
    }
}
