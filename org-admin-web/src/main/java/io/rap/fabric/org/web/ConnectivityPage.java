package io.rap.fabric.org.web;

import io.rap.fabric.domain.organization.ConnectorStatusView;
import io.rap.fabric.domain.organization.OrganizationService;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.web.Messages;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/** VPN exit and connector services of the organization: counts and a safe status only. */
@Named
@ViewScoped
public class ConnectivityPage extends OrgPage {

    private static final long serialVersionUID = 1L;

    @Inject
    OrganizationService organizations;

    private List<ConnectorStatusView> connectors = List.of();

    @Override
    protected void loaded() {
        try {
            connectors = organizations.connectors(caller.get(), org());
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    public List<ConnectorStatusView> getConnectors() { return connectors; }
}
