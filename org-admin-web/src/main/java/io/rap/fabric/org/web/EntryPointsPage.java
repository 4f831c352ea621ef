package io.rap.fabric.org.web;

import io.rap.fabric.domain.organization.EntryPointService;
import io.rap.fabric.domain.organization.EntryPointView;
import io.rap.fabric.web.PagedModel;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

@Named
@ViewScoped
public class EntryPointsPage extends OrgPage {

    private static final long serialVersionUID = 1L;

    @Inject
    EntryPointService entryPoints;

    private final PagedModel<EntryPointView> model = new PagedModel<>(page -> entryPoints.list(caller.get(), org(), page));

    public PagedModel<EntryPointView> getModel() { return model; }
}
