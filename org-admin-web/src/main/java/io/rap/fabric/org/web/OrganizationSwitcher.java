package io.rap.fabric.org.web;

import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.organization.OrganizationService;
import io.rap.fabric.domain.organization.OrganizationView;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.web.ScopeSwitcher;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.UUID;

/** The organizations the person administers and the one the organization portal's pages work in. */
@Named("orgs")
@RequestScoped
public class OrganizationSwitcher extends ScopeSwitcher<OrganizationView> {

    @Inject
    OrganizationService organizations;

    @Override
    protected List<OrganizationView> administered(Caller caller, PageRequest page) {
        return organizations.listAdministered(caller, page).items();
    }

    @Override
    protected UUID idOf(OrganizationView organization) {
        return organization.id();
    }
}
