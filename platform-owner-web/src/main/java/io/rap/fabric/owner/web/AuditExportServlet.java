package io.rap.fabric.owner.web;

import io.rap.fabric.domain.access.AccessDeniedException;
import io.rap.fabric.domain.audit.AuditExport;
import io.rap.fabric.domain.audit.AuditFilter;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.web.CurrentCaller;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The audit page's CSV export of its current filter ({@link AuditQuery} parameters). The domain
 * records the export and streams the events page by page; this servlet only writes them out, so
 * the file can be as long as the log without the server holding it. Protected like every page of
 * this portal (platform owner, web.xml), and the domain checks the caller again.
 */
@WebServlet("/audit/export")
public class AuditExportServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    @Inject
    transient AuditExport export;

    @Inject
    transient CurrentCaller caller;

    @Inject
    transient Clock clock;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AuditFilter filter;
        try {
            filter = AuditQuery.parse(request::getParameter);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "The export's filter is not valid");
            return;
        }
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"rap-audit-"
                + FILE_TIME.format(clock.instant()) + ".csv\"");
        response.setHeader("Cache-Control", "no-store");
        Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
        AuditCsv csv = new AuditCsv(out);
        try {
            // Nothing is written before the domain accepted the caller and the filter: the writer
            // buffers, so a refusal can still reset the response into an ordinary HTTP error.
            long exported = export.export(caller.get(), filter, page -> {
                csv.headerOnce();
                csv.write(page);
            });
            if (exported == 0) {
                csv.headerOnce();
            }
        } catch (AccessDeniedException e) {
            response.reset();
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        } catch (DomainException e) {
            response.reset();
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "The export's filter is not valid");
            return;
        }
        out.flush();
    }
}
