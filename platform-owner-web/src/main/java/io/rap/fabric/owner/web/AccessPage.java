package io.rap.fabric.owner.web;

import io.rap.fabric.domain.access.AdminGrant;
import io.rap.fabric.domain.access.AdminGrantService;
import io.rap.fabric.domain.access.AdminGrantView;
import io.rap.fabric.domain.access.NewAdminGrant;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.organization.OrganizationListing;
import io.rap.fabric.domain.organization.OrganizationService;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.web.CurrentCaller;
import io.rap.fabric.web.PagedModel;
import io.rap.fabric.web.Messages;
import io.rap.fabric.web.HighRiskActions;
import io.rap.fabric.web.ResumableAction;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.UUID;

/**
 * Who administers which cluster or organization. Granting and revoking are high-risk (step-up).
 * A grant counts only for a person who also has the matching Keycloak role.
 */
@Named
@ViewScoped
public class AccessPage implements Serializable {

    private static final long serialVersionUID = 1L;
    static final String PAGE = "/access.xhtml";

    @Inject
    AdminGrantService grants;

    @Inject
    ClusterService clusters;

    @Inject
    OrganizationService organizations;

    @Inject
    HighRiskActions highRisk;

    @Inject
    CurrentCaller caller;

    private String resume;
    private String stepUp;
    private boolean includeRevoked;
    private String username;
    private String scopeKind = AdminGrant.ORGANIZATION;
    private UUID organizationId;
    private UUID clusterId;
    private List<ClusterView> clusterChoices = List.of();
    private List<OrganizationListing> organizationChoices = List.of();
    private final PagedModel<AdminGrantView> model =
            new PagedModel<>(page -> grants.list(caller.get(), includeRevoked, page));

    @PostConstruct
    void choices() {
        PageRequest all = PageRequest.first(PageRequest.MAX_LIMIT);
        clusterChoices = clusters.list(caller.get(), all).items();
        organizationChoices = organizations.listAll(caller.get(), all).items();
    }

    /** View action: finishes a grant or revocation that waited for the person's confirmation. */
    public void onLoad() {
        if (resume != null) {
            highRisk.resume(resume, "failed".equals(stepUp), this::execute);
        }
    }

    public void grant() {
        UUID target = AdminGrant.CLUSTER.equals(scopeKind) ? clusterId : organizationId;
        // scope kinds are fixed words without ':', so kind and username travel as one argument
        highRisk.run(new ResumableAction("grant", target, scopeKind + ":" + (username == null ? "" : username), PAGE),
                this::execute);
    }

    public void revoke(UUID grantId) {
        highRisk.run(new ResumableAction("revoke", grantId, null, PAGE), this::execute);
    }

    private void execute(ResumableAction action) {
        switch (action.kind()) {
            case "grant" -> {
                String[] kindAndUser = action.argument().split(":", 2);
                AdminGrantView granted = grants.grant(caller.get(), new NewAdminGrant(kindAndUser[1], kindAndUser[0],
                        action.target()));
                Messages.info("grant.created", granted.username(), granted.targetName());
                username = null;
            }
            case "revoke" -> {
                AdminGrantView revoked = grants.revoke(caller.get(), action.target());
                Messages.info("grant.revoked", revoked.username(), revoked.targetName());
            }
            default -> throw new IllegalArgumentException("unknown action " + action.kind());
        }
    }

    public PagedModel<AdminGrantView> getModel() { return model; }
    public List<ClusterView> getClusterChoices() { return clusterChoices; }
    public List<OrganizationListing> getOrganizationChoices() { return organizationChoices; }
    public String getResume() { return resume; }
    public void setResume(String resume) { this.resume = resume; }
    public String getStepUp() { return stepUp; }
    public void setStepUp(String stepUp) { this.stepUp = stepUp; }
    public boolean isIncludeRevoked() { return includeRevoked; }
    public void setIncludeRevoked(boolean includeRevoked) { this.includeRevoked = includeRevoked; }
    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username; }
    public String getScopeKind() { return scopeKind; }
    public void setScopeKind(String scopeKind) { this.scopeKind = scopeKind; }
    public UUID getOrganizationId() { return organizationId; }
    public void setOrganizationId(UUID organizationId) { this.organizationId = organizationId; }
    public UUID getClusterId() { return clusterId; }
    public void setClusterId(UUID clusterId) { this.clusterId = clusterId; }
}
