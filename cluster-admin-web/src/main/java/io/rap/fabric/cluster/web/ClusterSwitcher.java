package io.rap.fabric.cluster.web;

import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.shared.PageRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The clusters the person administers, asked once per request (so a revoked grant disappears on
 * the next click), and the one the pages work in. Pages never take a cluster id from the
 * request: they use {@link #currentId()}.
 */
@Named("clusters")
@RequestScoped
public class ClusterSwitcher {

    /** More than this many grants is not a switcher's job; the domain still checks each call. */
    private static final int MAX_CHOICES = 200;

    @Inject
    ClusterService clusterService;

    @Inject
    CurrentCaller caller;

    @Inject
    SelectedCluster selected;

    private List<ClusterView> choices;
    private String selection;

    public List<ClusterView> getChoices() {
        if (choices == null) {
            choices = clusterService.listAdministered(caller.get(), PageRequest.first(MAX_CHOICES)).items();
        }
        return choices;
    }

    public boolean isAssigned() {
        return current().isPresent();
    }

    public Optional<ClusterView> current() {
        List<ClusterView> all = getChoices();
        UUID wanted = selected.id();
        return all.stream().filter(c -> c.id().equals(wanted)).findFirst().or(() -> all.stream().findFirst());
    }

    public ClusterView getCurrent() {
        return current().orElse(null);
    }

    /** The cluster every page call is made for; null when the person administers none. */
    public UUID currentId() {
        return current().map(ClusterView::id).orElse(null);
    }

    /** Switches to one of the person's own clusters; anything else is ignored. */
    public void switchTo() {
        getChoices().stream().filter(c -> c.id().toString().equals(selection)).findFirst()
                .ifPresent(c -> selected.select(c.id()));
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        try {
            external.redirect(external.getRequestContextPath() + "/index.xhtml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String getSelection() {
        return selection != null ? selection : Optional.ofNullable(currentId()).map(UUID::toString).orElse(null);
    }

    public void setSelection(String selection) {
        this.selection = selection;
    }
}
