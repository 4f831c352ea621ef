package io.rap.fabric.domain.audit;

import io.rap.fabric.domain.access.AccessPolicy;
import io.rap.fabric.domain.access.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;

/**
 * Streams the audit log out page by page. Deliberately not transactional itself: the export is
 * recorded (and committed) first, then every page is read in a short transaction of its own, so
 * a slow download never holds a transaction or more than one page in memory.
 */
@ApplicationScoped
public class AuditExport {

    /** Rows read per query; the keyset on the sequence number keeps every page as cheap as the first. */
    public static final int PAGE_SIZE = 500;

    @Inject
    AccessPolicy access;

    @Inject
    AuditService audit;

    /** Receives one page of events, newest first; it may write them to a slow client. */
    @FunctionalInterface
    public interface PageSink {
        void accept(List<AuditView> page) throws IOException;
    }

    /**
     * Platform owner only. Records {@value AuditService#EXPORTED_EVENT}, then hands every event
     * matching {@code filter} up to and including that one to {@code sink}, newest first.
     *
     * @return how many events were exported
     */
    public long export(Caller caller, AuditFilter filter, PageSink sink) throws IOException {
        access.requirePlatformOwner(caller);
        long before = audit.beginExport(caller, filter) + 1;
        long exported = 0;
        while (true) {
            List<AuditView> page = audit.exportPage(caller, filter, before, PAGE_SIZE);
            if (page.isEmpty()) {
                return exported;
            }
            sink.accept(page);
            exported += page.size();
            if (page.size() < PAGE_SIZE) {
                return exported;
            }
            before = page.get(page.size() - 1).sequenceNo();
        }
    }
}
