package io.rap.fabric.owner.web;

import io.rap.fabric.domain.audit.AuditView;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Audit events as CSV (RFC 4180: comma, CRLF, fields quoted when needed, quotes doubled).
 * A cell that a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage
 * return) gets a leading apostrophe: actor names, event details and reasons come from people and
 * nodes, and an exported log must not execute what someone typed into it.
 */
final class AuditCsv {

    static final List<String> HEADER = List.of("sequence", "occurred_at", "event_type", "actor", "actor_kind",
            "cluster_id", "node_id", "target_type", "target_id", "details");

    /** Lets spreadsheet programs recognize UTF-8 (names and reasons may be Cyrillic). */
    static final char BYTE_ORDER_MARK = '\uFEFF';

    private final Writer out;
    private boolean headerWritten;

    AuditCsv(Writer out) {
        this.out = out;
    }

    /** The byte order mark and the header line, the first time only. */
    void headerOnce() throws IOException {
        if (!headerWritten) {
            headerWritten = true;
            out.write(BYTE_ORDER_MARK);
            row(HEADER);
        }
    }

    void write(List<AuditView> events) throws IOException {
        for (AuditView e : events) {
            row(List.of(Long.toString(e.sequenceNo()), text(e.occurredAt()), text(e.eventType()), text(e.actor()),
                    text(e.actorKind()), text(e.clusterId()), text(e.nodeId()), text(e.targetType()),
                    text(e.targetId()), details(e.details())));
        }
    }

    private void row(List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells.get(i)));
        }
        out.write("\r\n");
    }

    /** One cell, guarded and quoted as needed. */
    static String cell(String value) {
        String guarded = value;
        if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            guarded = "'" + value;
        }
        boolean quote = guarded.indexOf(',') >= 0 || guarded.indexOf('"') >= 0 || guarded.indexOf('\n') >= 0
                || guarded.indexOf('\r') >= 0 || !guarded.equals(value);
        return quote ? '"' + guarded.replace("\"", "\"\"") + '"' : guarded;
    }

    /** Details as {@code key=value; ...} in key order, so two exports of one event read the same. */
    private static String details(Map<String, String> details) {
        return new TreeMap<>(details).entrySet().stream().map(d -> d.getKey() + "=" + (d.getValue() == null ? "" : d.getValue()))
                .collect(Collectors.joining("; "));
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
