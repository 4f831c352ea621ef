package io.rap.fabric.owner.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rap.fabric.domain.audit.AuditFilter;
import io.rap.fabric.domain.audit.AuditView;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuditCsvTest {

    private static final UUID CLUSTER = UUID.fromString("11111111-1111-1111-1111-111111111111");
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05.123456Z");

    @Test
    void writesTheBomAndHeaderOnceThenOneCrlfLinePerEvent() throws IOException {
        StringWriter out = new StringWriter();
        AuditCsv csv = new AuditCsv(out);
        csv.headerOnce();
        csv.headerOnce();
        csv.write(List.of(event(7, "alice", "cluster.created", Map.of("name", "Prod", "slug", "prod"))));

        assertThat(out.toString()).isEqualTo("\uFEFFsequence,occurred_at,event_type,actor,actor_kind,cluster_id,"
                + "node_id,target_type,target_id,details\r\n"
                + "7,2026-01-02T03:04:05.123456Z,cluster.created,alice,person," + CLUSTER + ",,cluster,c1,"
                + "name=Prod; slug=prod\r\n");
    }

    @Test
    void quotesSeparatorsQuotesAndLineBreaks() {
        assertThat(AuditCsv.cell("plain")).isEqualTo("plain");
        assertThat(AuditCsv.cell("")).isEqualTo("");
        assertThat(AuditCsv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditCsv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(AuditCsv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(AuditCsv.cell("cr\rhere")).isEqualTo("\"cr\rhere\"");
        assertThat(AuditCsv.cell("Кириллица")).isEqualTo("Кириллица");
    }

    @Test
    void neutralizesCellsASpreadsheetWouldRunAsFormulas() {
        assertThat(AuditCsv.cell("=HYPERLINK(\"http://evil\")")).isEqualTo("\"'=HYPERLINK(\"\"http://evil\"\")\"");
        assertThat(AuditCsv.cell("+1+2")).isEqualTo("\"'+1+2\"");
        assertThat(AuditCsv.cell("-2+3")).isEqualTo("\"'-2+3\"");
        assertThat(AuditCsv.cell("@SUM(A1)")).isEqualTo("\"'@SUM(A1)\"");
        assertThat(AuditCsv.cell("\tcmd")).isEqualTo("\"'\tcmd\"");
        // only the first character matters: a formula sign later in the text is harmless
        assertThat(AuditCsv.cell("a=b")).isEqualTo("a=b");
    }

    @Test
    void aHostileActorAndDetailCannotBreakOutOfTheirCells() throws IOException {
        StringWriter out = new StringWriter();
        Map<String, String> details = new HashMap<>();
        details.put("reason", "=cmd|' /C calc'!A0");
        details.put("note", null);
        new AuditCsv(out).write(List.of(event(9, "=evil,\"x\"", "certificate.revoked", details)));

        String line = out.toString();
        assertThat(line).startsWith("9,2026-01-02T03:04:05.123456Z,certificate.revoked,\"'=evil,\"\"x\"\"\",person,");
        // the details cell starts with the key, so the formula sign inside it is not at a cell start
        assertThat(line).endsWith(",note=; reason==cmd|' /C calc'!A0\r\n");
        assertThat(line.split("\r\n")).hasSize(1);
    }

    @Test
    void theExportQueryRoundTripsTheFilter() {
        AuditFilter filter = new AuditFilter(CLUSTER, UUID.fromString("22222222-2222-2222-2222-222222222222"),
                "ann & bob", "certificate.revoked", AT, AT.plusSeconds(60));
        String query = AuditQuery.toQuery(filter);
        assertThat(query).contains("actor=ann+%26+bob").contains("from=2026-01-02T03%3A04%3A05.123456Z");

        Map<String, String> parameters = new HashMap<>();
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            parameters.put(kv[0], java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(AuditQuery.parse(parameters::get)).isEqualTo(filter);
        assertThat(AuditQuery.toQuery(AuditFilter.none())).isEmpty();
        assertThat(AuditQuery.parse(name -> null)).isEqualTo(AuditFilter.none());
    }

    @Test
    void aMalformedExportParameterIsRefused() {
        assertThatThrownBy(() -> AuditQuery.parse(name -> "cluster".equals(name) ? "not-an-id" : null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditQuery.parse(name -> "from".equals(name) ? "yesterday" : null))
                .isInstanceOf(DateTimeParseException.class);
    }

    private static AuditView event(long sequence, String actor, String type, Map<String, String> details) {
        return new AuditView(UUID.randomUUID(), sequence, AT, actor, "person", type, CLUSTER, null, "cluster", "c1",
                details);
    }
}
