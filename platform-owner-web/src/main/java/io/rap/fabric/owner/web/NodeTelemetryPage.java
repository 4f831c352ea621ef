package io.rap.fabric.owner.web;

import io.rap.fabric.domain.telemetry.NodeTelemetry;
import io.rap.fabric.domain.telemetry.TelemetryService;
import io.rap.fabric.web.CurrentCaller;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The "Test telemetry" part of the node page: per membership, the flags in effect (and whether the
 * node, its cluster or an organization it serves switched them on) and the runtime block of the
 * latest heartbeat. Owner console only; a tenant portal never shows any of it.
 */
@Named("nodeTelemetry")
@ViewScoped
public class NodeTelemetryPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    TelemetryService telemetry;

    @Inject
    CurrentCaller caller;

    private List<NodeTelemetry> memberships = List.of();

    /** View action; a malformed or unknown node id is the node page's to report. */
    public void load() {
        String id = FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap().get("id");
        try {
            memberships = telemetry.forNode(caller.get(), UUID.fromString(id));
        } catch (IllegalArgumentException | NullPointerException e) {
            memberships = List.of();
        }
    }

    /** Bytes for people: 812 KiB, 41.3 MiB, 1.9 GiB. */
    public String bytes(Long value) {
        if (value == null) {
            return "–";
        }
        if (value < 1024 * 1024) {
            return value / 1024 + " KiB";
        }
        double mib = value / (1024.0 * 1024.0);
        return mib < 1024 ? String.format(Locale.ROOT, "%.1f MiB", mib)
                : String.format(Locale.ROOT, "%.1f GiB", mib / 1024);
    }

    public List<NodeTelemetry> getMemberships() { return memberships; }
}
