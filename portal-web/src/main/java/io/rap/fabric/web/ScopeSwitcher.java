package io.rap.fabric.web;

import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.shared.PageRequest;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The clusters or organizations the person administers, asked once per request (so a revoked
 * grant disappears on the next click), and the one the pages work in. Pages never take that id
 * from the request: they use {@link #currentId()}. A portal names its subclass for its pages.
 *
 * @param <V> the domain's view of one administered scope
 */
public abstract class ScopeSwitcher<V> {

    /** More than this many grants is not a switcher's job; the domain still checks each call. */
    private static final int MAX_CHOICES = 200;

    @Inject
    protected CurrentCaller caller;

    @Inject
    SelectedScope selected;

    private List<V> choices;
    private String selection;

    /** The scopes this person administers, as the domain lists them for {@code caller}. */
    protected abstract List<V> administered(Caller caller, PageRequest page);

    protected abstract UUID idOf(V choice);

    public List<V> getChoices() {
        if (choices == null) {
            choices = administered(caller.get(), PageRequest.first(MAX_CHOICES));
        }
        return choices;
    }

    public boolean isAssigned() {
        return current().isPresent();
    }

    public Optional<V> current() {
        List<V> all = getChoices();
        UUID wanted = selected.id();
        return all.stream().filter(c -> idOf(c).equals(wanted)).findFirst().or(() -> all.stream().findFirst());
    }

    public V getCurrent() {
        return current().orElse(null);
    }

    /** The scope every page call is made for; null when the person administers none. */
    public UUID currentId() {
        return current().map(this::idOf).orElse(null);
    }

    /** Switches to one of the person's own scopes; anything else is ignored. */
    public void switchTo() {
        getChoices().stream().filter(c -> idOf(c).toString().equals(selection)).findFirst()
                .ifPresent(c -> selected.select(idOf(c)));
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
