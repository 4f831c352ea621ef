package io.rap.fabric.org.web;

import io.rap.fabric.domain.organization.OrganizationDashboard;
import io.rap.fabric.domain.organization.OrganizationService;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.web.Messages;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

@Named
@ViewScoped
public class DashboardPage extends OrgPage {

    private static final long serialVersionUID = 1L;

    @Inject
    OrganizationService organizations;

    private OrganizationDashboard dashboard;

    @Override
    protected void loaded() {
        try {
            dashboard = organizations.dashboard(caller.get(), org());
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    public OrganizationDashboard getDashboard() { return dashboard; }
}
