package io.rap.fabric.owner.web;

import io.rap.fabric.domain.audit.AuditFilter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The audit filter as URL parameters ({@code cluster}, {@code node}, {@code actor}, {@code type},
 * {@code from}, {@code to}; times as ISO-8601 instants): what the audit page puts into its export
 * link and {@link AuditExportServlet} reads back, so the file holds exactly what the table shows.
 */
final class AuditQuery {

    private AuditQuery() {
    }

    /** @throws IllegalArgumentException or DateTimeParseException for a malformed id or time */
    static AuditFilter parse(UnaryOperator<String> parameter) {
        return new AuditFilter(uuid(parameter.apply("cluster")), uuid(parameter.apply("node")),
                text(parameter.apply("actor")), text(parameter.apply("type")), instant(parameter.apply("from")),
                instant(parameter.apply("to")));
    }

    static String toQuery(AuditFilter filter) {
        StringBuilder query = new StringBuilder();
        add(query, "cluster", filter.clusterId());
        add(query, "node", filter.nodeId());
        add(query, "actor", filter.actor());
        add(query, "type", filter.eventType());
        add(query, "from", filter.from());
        add(query, "to", filter.to());
        return query.toString();
    }

    private static void add(StringBuilder query, String name, Object value) {
        if (value == null || value.toString().isBlank()) {
            return;
        }
        query.append(query.length() == 0 ? "" : "&").append(name).append('=')
                .append(URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
    }

    private static UUID uuid(String value) {
        return value == null || value.isBlank() ? null : UUID.fromString(value.strip());
    }

    private static Instant instant(String value) {
        return value == null || value.isBlank() ? null : Instant.parse(value.strip());
    }

    private static String text(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
