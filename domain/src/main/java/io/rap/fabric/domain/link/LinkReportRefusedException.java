package io.rap.fabric.domain.link;

import io.rap.fabric.domain.shared.DomainException;

/**
 * A link report from an authenticated node that cannot be taken as sent: it speaks for another
 * node ({@code link_report_node_mismatch}) or was measured in the future
 * ({@code link_report_from_future}). Nothing of it is stored.
 */
public class LinkReportRefusedException extends DomainException {

    public static final String NODE_MISMATCH = "link_report_node_mismatch";
    public static final String FROM_FUTURE = "link_report_from_future";

    public LinkReportRefusedException(String code, String message) {
        super(code, message);
    }
}
