package io.rap.fabric.owner.web;

import io.rap.fabric.domain.link.ClusterLinkSummary;
import io.rap.fabric.domain.link.LinkInventory;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.web.CurrentCaller;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.UUID;

/** The cluster page's link inventory in numbers (paths, failing, stale); the paths are on each node's page. */
@Named("clusterLinks")
@ViewScoped
public class ClusterLinksPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    LinkInventory links;

    @Inject
    CurrentCaller caller;

    private ClusterLinkSummary summary;

    /** View action; a bad cluster id is the cluster page's to report. */
    public void load() {
        String id = FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap().get("id");
        try {
            summary = links.summary(caller.get(), UUID.fromString(id));
        } catch (IllegalArgumentException | NullPointerException | DomainException e) {
            summary = null;
        }
    }

    public ClusterLinkSummary getSummary() { return summary; }

    public long getStaleMinutes() { return LinkInventory.STALE_AFTER.toMinutes(); }
}
