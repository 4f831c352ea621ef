package io.rap.fabric.org.web;

import io.rap.fabric.domain.organization.EgressPoolService;
import io.rap.fabric.domain.organization.EgressPoolView;
import io.rap.fabric.web.PagedModel;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

@Named
@ViewScoped
public class EgressPoolsPage extends OrgPage {

    private static final long serialVersionUID = 1L;

    @Inject
    EgressPoolService pools;

    private final PagedModel<EgressPoolView> model = new PagedModel<>(page -> pools.list(caller.get(), org(), page));

    public PagedModel<EgressPoolView> getModel() { return model; }
}
