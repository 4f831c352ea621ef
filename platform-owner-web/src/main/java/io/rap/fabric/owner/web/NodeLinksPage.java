package io.rap.fabric.owner.web;

import io.rap.fabric.domain.link.LinkInventory;
import io.rap.fabric.domain.link.NodeLinkView;
import io.rap.fabric.web.CurrentCaller;
import io.rap.fabric.web.PagedModel;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.Locale;
import java.util.UUID;

/**
 * The link inventory part of the node page: the route health this node reported, per cluster and
 * path, paged by the database. Read-only; only the owner console has it (core mesh topology is
 * never shown to cluster or organization admins).
 */
@Named("nodeLinks")
@ViewScoped
public class NodeLinksPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    LinkInventory links;

    @Inject
    CurrentCaller caller;

    private PagedModel<NodeLinkView> model;

    /** View action; a malformed or unknown node id is the node page's to report. */
    public void load() {
        String id = FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap().get("id");
        try {
            UUID nodeId = UUID.fromString(id);
            model = new PagedModel<>(page -> links.listForNode(caller.get(), nodeId, page));
        } catch (IllegalArgumentException | NullPointerException e) {
            model = null;
        }
    }

    /** Microseconds as milliseconds for people: 0.18 ms, 12.5 ms, 240 ms. */
    public String ms(Long micros) {
        if (micros == null) {
            return "–";
        }
        double ms = micros / 1000.0;
        return String.format(Locale.ROOT, ms < 10 ? "%.2f ms" : ms < 100 ? "%.1f ms" : "%.0f ms", ms);
    }

    /** How long ago, coarsely: 45 s, 3 min, 2 h, 5 d. */
    public String age(long seconds) {
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 2 * 3600) {
            return seconds / 60 + " min";
        }
        if (seconds < 2 * 86400) {
            return seconds / 3600 + " h";
        }
        return seconds / 86400 + " d";
    }

    public PagedModel<NodeLinkView> getModel() { return model; }
}
