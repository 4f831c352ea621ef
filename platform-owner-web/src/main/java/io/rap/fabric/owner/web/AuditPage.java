package io.rap.fabric.owner.web;

import io.rap.fabric.domain.audit.AuditFilter;
import io.rap.fabric.domain.audit.AuditService;
import io.rap.fabric.domain.audit.AuditView;
import io.rap.fabric.domain.audit.ChainStatus;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.web.Messages;
import io.rap.fabric.web.CurrentCaller;
import io.rap.fabric.web.PagedModel;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The whole audit log for the platform owner: filters (cluster, node, actor, event type, a time
 * range in UTC), the CSV export of exactly that filter, and the hash chain's verification.
 */
@Named
@ViewScoped
public class AuditPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    AuditService audit;

    @Inject
    ClusterService clusters;

    @Inject
    CurrentCaller caller;

    private UUID clusterId;
    private UUID nodeId;
    private String eventType;
    private String actor;
    private LocalDateTime from;
    private LocalDateTime to;
    private ChainStatus chain;
    private List<ClusterView> clusterOptions = List.of();
    /** What the table and the export link use: the form's fields once they were applied and valid. */
    private AuditFilter applied = AuditFilter.none();
    private final PagedModel<AuditView> model = new PagedModel<>(page -> audit.list(caller.get(), applied, page));

    @PostConstruct
    void init() {
        clusterOptions = ClusterChoice.options(clusters, caller.get());
    }

    /** Applies the form; an empty time range is refused here so the table never renders an error. */
    public void apply() {
        AuditFilter filter = new AuditFilter(clusterId, nodeId, actor, eventType, instant(from), instant(to));
        if (filter.from() != null && filter.to() != null && !filter.from().isBefore(filter.to())) {
            Messages.errorKey("audit.rangeInvalid");
            return;
        }
        applied = filter;
    }

    public void verifyChain() {
        chain = audit.verifyChain(caller.get());
    }

    /** The export link for the filter the table shows (see {@link AuditExportServlet}). */
    public String getExportQuery() {
        return AuditQuery.toQuery(applied);
    }

    /** The form's times are UTC, as every time the console shows. */
    private static Instant instant(LocalDateTime time) {
        return time == null ? null : time.toInstant(ZoneOffset.UTC);
    }

    public PagedModel<AuditView> getModel() { return model; }
    public List<ClusterView> getClusterOptions() { return clusterOptions; }
    public UUID getClusterId() { return clusterId; }
    public void setClusterId(UUID clusterId) { this.clusterId = clusterId; }
    public UUID getNodeId() { return nodeId; }
    public void setNodeId(UUID nodeId) { this.nodeId = nodeId; }
    public String getEventType() { return eventType; }
    public void setEventType(String eventType) { this.eventType = eventType; }
    public String getActor() { return actor; }
    public void setActor(String actor) { this.actor = actor; }
    public LocalDateTime getFrom() { return from; }
    public void setFrom(LocalDateTime from) { this.from = from; }
    public LocalDateTime getTo() { return to; }
    public void setTo(LocalDateTime to) { this.to = to; }
    public ChainStatus getChain() { return chain; }
}
