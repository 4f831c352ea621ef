package io.rap.fabric.org.web;

import io.rap.fabric.domain.organization.OrganizationService;
import io.rap.fabric.domain.organization.OrganizationView;
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
 * The organizations the person administers, asked once per request (so a revoked grant
 * disappears on the next click), and the one the pages work in. Pages never pass an
 * organization id from the request: they use {@link #currentId()}.
 */
@Named("orgs")
@RequestScoped
public class OrganizationSwitcher {

    /** More than this many grants is not a switcher's job; the domain still checks each call. */
    private static final int MAX_CHOICES = 200;

    @Inject
    OrganizationService organizations;

    @Inject
    CurrentCaller caller;

    @Inject
    SelectedOrganization selected;

    private List<OrganizationView> choices;
    private String selection;

    public List<OrganizationView> getChoices() {
        if (choices == null) {
            choices = organizations.listAdministered(caller.get(), PageRequest.first(MAX_CHOICES)).items();
        }
        return choices;
    }

    public boolean isAssigned() {
        return current().isPresent();
    }

    public Optional<OrganizationView> current() {
        List<OrganizationView> all = getChoices();
        UUID wanted = selected.id();
        return all.stream().filter(o -> o.id().equals(wanted)).findFirst().or(() -> all.stream().findFirst());
    }

    public OrganizationView getCurrent() {
        return current().orElse(null);
    }

    /** The organization every page call is made for; null when the person administers none. */
    public UUID currentId() {
        return current().map(OrganizationView::id).orElse(null);
    }

    /** Switches to one of the person's own organizations; anything else is ignored. */
    public void switchTo() {
        getChoices().stream().filter(o -> o.id().toString().equals(selection)).findFirst()
                .ifPresent(o -> selected.select(o.id()));
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
