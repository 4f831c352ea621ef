package io.rap.fabric.org.web;

import io.rap.fabric.domain.organization.OrganizationAuditService;
import io.rap.fabric.domain.organization.OrganizationAuditView;
import io.rap.fabric.web.PagedModel;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Map;
import java.util.stream.Collectors;

/** The organization's own audit events, newest first. */
@Named
@ViewScoped
public class AuditPage extends OrgPage {

    private static final long serialVersionUID = 1L;

    @Inject
    OrganizationAuditService audit;

    private final PagedModel<OrganizationAuditView> model = new PagedModel<>(page -> audit.list(caller.get(), org(), page));

    public String details(Map<String, String> details) {
        return details.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    public PagedModel<OrganizationAuditView> getModel() { return model; }
}
