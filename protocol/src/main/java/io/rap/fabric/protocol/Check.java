package io.rap.fabric.protocol;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Invariants of the message records, checked in their constructors so that a message
 * is valid whether it was parsed or built in code, on either end.
 */
final class Check {

    /** Capabilities, roles, workload types, statuses: safe to log and to show. */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");
    /** Node and workload names: like host names, plus underscores. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private static final Pattern SERIAL = Pattern.compile("[0-9a-f]+");

    private Check() {
    }

    static <T> T required(String field, T value) {
        if (value == null) {
            throw Json.missing(field);
        }
        return value;
    }

    /** Required single-line text without control characters. */
    static String line(String field, String value, int maxLength) {
        required(field, value);
        if (value.isBlank()) {
            throw ProtocolException.invalidField(field, field + " must not be blank");
        }
        return optionalLine(field, value, maxLength);
    }

    static String optionalLine(String field, String value, int maxLength) {
        if (value == null) {
            return null;
        }
        Json.checkText(field, value, maxLength);
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\t') >= 0) {
            throw ProtocolException.invalidField(field, field + " must be a single line");
        }
        return value;
    }

    /** Free text that may span lines (reasons, details, PEM). */
    static String optionalText(String field, String value, int maxLength) {
        return value == null ? null : Json.checkText(field, value, maxLength);
    }

    static String identifier(String field, String value) {
        line(field, value, Limits.MAX_IDENTIFIER_LENGTH);
        if (!IDENTIFIER.matcher(value).matches()) {
            throw ProtocolException.invalidField(field,
                    field + " may contain only letters, digits, '.', '_', ':' and '-', starting with a letter or digit");
        }
        return value;
    }

    static String name(String field, String value, int maxLength) {
        line(field, value, maxLength);
        if (!NAME.matcher(value).matches()) {
            throw ProtocolException.invalidField(field,
                    field + " may contain only letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        return value;
    }

    /** A certificate serial number in lower-case hexadecimal. */
    static String serial(String field, String value) {
        line(field, value, Limits.MAX_SERIAL_LENGTH);
        if (!SERIAL.matcher(value).matches()) {
            throw ProtocolException.invalidField(field, field + " must be lower-case hexadecimal");
        }
        return value;
    }

    static String oneOf(String field, String value, Set<String> allowed) {
        required(field, value);
        if (!allowed.contains(value)) {
            throw ProtocolException.invalidField(field, field + " must be one of " + sorted(allowed));
        }
        return value;
    }

    /** Distinct identifiers, as an immutable copy. */
    static List<String> identifiers(String field, List<String> values, int maxItems) {
        List<String> copy = list(field, values, maxItems);
        Set<String> seen = new HashSet<>();
        for (String value : copy) {
            identifier(field, value);
            if (!seen.add(value)) {
                throw ProtocolException.invalidField(field, field + " lists '" + value + "' twice");
            }
        }
        return copy;
    }

    static <T> List<T> list(String field, List<T> values, int maxItems) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > maxItems) {
            throw ProtocolException.invalidField(field, field + " must have at most " + maxItems + " items");
        }
        if (values.stream().anyMatch(Objects::isNull)) {
            throw ProtocolException.invalidField(field, field + " must not contain null");
        }
        return List.copyOf(values);
    }

    private static String sorted(Set<String> values) {
        return String.join(", ", new java.util.TreeSet<>(values));
    }
}
