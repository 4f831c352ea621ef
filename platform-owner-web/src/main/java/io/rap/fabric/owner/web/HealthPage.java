package io.rap.fabric.owner.web;

import io.rap.fabric.domain.fleet.AlertFilter;
import io.rap.fabric.domain.fleet.FleetAlert;
import io.rap.fabric.domain.fleet.FleetHealth;
import io.rap.fabric.domain.fleet.HeartbeatHour;
import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.ValidationException;
import io.rap.fabric.web.CurrentCaller;
import io.rap.fabric.web.PagedModel;
import io.rap.fabric.web.Messages;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.UUID;

/**
 * Health and alerts: the current alerts (lazy, paged in SQL), optionally narrowed by the view
 * parameters {@code kind} and {@code cluster}, and heartbeat health per hour over the last day.
 */
@Named
@ViewScoped
public class HealthPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    FleetHealth fleet;

    @Inject
    CurrentCaller caller;

    private String kind;
    private String cluster;
    private AlertFilter filter = AlertFilter.none();
    private String filterError;
    private List<HeartbeatHour> hours = List.of();
    private String chart;

    private final PagedModel<FleetAlert> alerts = new PagedModel<>(page -> filterError != null
            ? new Page<>(List.of(), 0, page.offset(), page.limit())
            : fleet.alerts(caller.get(), filter, page));

    /** View action: checks the filter parameters, then reads the heartbeat history for the chart. */
    public void onLoad() {
        try {
            UUID clusterId = cluster == null || cluster.isBlank() ? null : UUID.fromString(cluster.strip());
            filter = AlertFilter.of(kind, clusterId);
        } catch (ValidationException e) {
            filterError = Messages.text("health.filter.invalid.kind");
        } catch (IllegalArgumentException e) {
            filterError = Messages.text("nodes.filter.invalid.cluster");
        }
        hours = fleet.heartbeatHistory(caller.get(), filterError == null ? filter.clusterId() : null);
        chart = HeartbeatChart.json(hours);
    }

    public PagedModel<FleetAlert> getAlerts() { return alerts; }
    public AlertFilter getFilter() { return filter; }
    public List<String> getKinds() { return FleetAlert.KINDS; }
    public String getFilterError() { return filterError; }
    public List<HeartbeatHour> getHours() { return hours; }
    public String getChart() { return chart; }
    public String getKind() { return kind; }
    public void setKind(String kind) { this.kind = kind; }
    public String getCluster() { return cluster; }
    public void setCluster(String cluster) { this.cluster = cluster; }
}
