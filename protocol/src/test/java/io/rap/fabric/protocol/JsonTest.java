package io.rap.fabric.protocol;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {

    @Test
    void parsesAnObjectAndWritesItBack() {
        JsonObject obj = parse("{\"a\":\"b\",\"n\":3}");

        assertThat(Json.requireString(obj, "a", 10)).isEqualTo("b");
        assertThat(Json.requireInt(obj, "n", 0, 5)).isEqualTo(3);
        assertThat(new String(Json.toBytes(obj), StandardCharsets.UTF_8)).isEqualTo("{\"a\":\"b\",\"n\":3}");
    }

    @Test
    void refusesBodiesThatAreNotOneJsonObject() {
        assertCode(() -> Json.parse(new byte[0]), ProtocolException.MALFORMED_JSON);
        assertCode(() -> parse("[1,2]"), ProtocolException.MALFORMED_JSON);
        assertCode(() -> parse("{\"a\":"), ProtocolException.MALFORMED_JSON);
        assertCode(() -> parse("{\"a\":1} {\"b\":2}"), ProtocolException.MALFORMED_JSON);
        assertCode(() -> parse("{\"a\":1,\"a\":2}"), ProtocolException.MALFORMED_JSON);
        assertCode(() -> parse("{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}"), ProtocolException.MALFORMED_JSON);
        assertCode(() -> Json.parse(new byte[]{'{', '"', (byte) 0xC3, '"', ':', '1', '}'}), ProtocolException.MALFORMED_JSON);
    }

    @Test
    void refusesBodiesOverTheLimit() {
        byte[] big = ("{\"a\":\"" + "x".repeat(Limits.MAX_BODY_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);

        assertCode(() -> Json.parse(big), ProtocolException.BODY_TOO_LARGE);
    }

    @Test
    void stringGettersNameTheField() {
        JsonObject obj = parse("{\"num\":1,\"long\":\"abcdef\",\"ctl\":\"a\\u0000b\",\"nul\":null}");

        assertField(() -> Json.requireString(obj, "missing", 10), "missing", "missing is required");
        assertField(() -> Json.requireString(obj, "num", 10), "num", "num must be a string");
        assertField(() -> Json.requireString(obj, "long", 3), "long", "long must be at most 3 characters");
        assertField(() -> Json.requireString(obj, "ctl", 10), "ctl", "ctl contains a control character");
        assertField(() -> Json.requireString(obj, "nul", 10), "nul", "nul is required");
        assertThat(Json.optionalString(obj, "nul", 10)).isNull();
        assertThat(Json.optionalString(obj, "missing", 10)).isNull();
    }

    @Test
    void uuidsMustBeCanonical() {
        UUID id = UUID.randomUUID();

        assertThat(Json.requireUuid(parse("{\"id\":\"" + id + "\"}"), "id")).isEqualTo(id);
        assertField(() -> Json.requireUuid(parse("{\"id\":\"1-1-1-1-1\"}"), "id"), "id", "id must be a UUID");
        assertField(() -> Json.requireUuid(parse("{\"id\":\"nope\"}"), "id"), "id", "id must be a UUID");
    }

    @Test
    void instantsAreIso8601WithOffset() {
        assertThat(Json.requireInstant(parse("{\"t\":\"2025-03-01T10:00:00Z\"}"), "t"))
                .isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
        assertThat(Json.requireInstant(parse("{\"t\":\"2025-03-01T12:00:00+02:00\"}"), "t"))
                .isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
        assertField(() -> Json.requireInstant(parse("{\"t\":\"2025-03-01 10:00\"}"), "t"), "t",
                "t must be an ISO-8601 date-time with offset");
    }

    @Test
    void numbersMustBeIntegralAndInRange() {
        JsonObject obj = parse("{\"f\":1.5,\"big\":99999999999999999999,\"neg\":-1}");

        assertField(() -> Json.requireLong(obj, "f", 0, 10), "f", "f must be an integer");
        assertField(() -> Json.requireLong(obj, "big", 0, Long.MAX_VALUE), "big", "big is out of range");
        assertField(() -> Json.requireInt(obj, "neg", 0, 10), "neg", "neg must be between 0 and 10");
    }

    @Test
    void stringListsCheckItemsAndCount() {
        JsonObject obj = parse("{\"l\":[\"a\",\"b\"],\"mixed\":[\"a\",1],\"s\":\"a\"}");

        assertThat(Json.stringList(obj, "l", 2, 1)).containsExactly("a", "b");
        assertThat(Json.stringList(obj, "absent", 2, 1)).isEmpty();
        assertField(() -> Json.stringList(obj, "l", 1, 1), "l", "l must have at most 1 items");
        assertField(() -> Json.stringList(obj, "mixed", 5, 5), "mixed", "mixed[1] must be a string");
        assertField(() -> Json.stringList(obj, "s", 5, 5), "s", "s must be an array");
    }

    static JsonObject parse(String json) {
        return Json.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String code) {
        assertThatThrownBy(call).isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(code);
    }

    static void assertField(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field, String message) {
        assertThatThrownBy(call).isInstanceOf(ProtocolException.class)
                .hasMessage(message)
                .satisfies(e -> {
                    assertThat(((ProtocolException) e).code()).isEqualTo(ProtocolException.INVALID_FIELD);
                    assertThat(((ProtocolException) e).field()).isEqualTo(field);
                });
    }
}
