package io.rap.fabric.owner.web;

import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.organization.NewOrganization;
import io.rap.fabric.domain.organization.OrganizationListing;
import io.rap.fabric.domain.organization.OrganizationService;
import io.rap.fabric.domain.organization.OrganizationView;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.web.CurrentCaller;
import io.rap.fabric.web.PagedModel;
import io.rap.fabric.web.Messages;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.UUID;

/** All organizations, and creating one in a cluster. */
@Named
@ViewScoped
public class OrganizationsPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    OrganizationService organizations;

    @Inject
    ClusterService clusters;

    @Inject
    CurrentCaller caller;

    private final PagedModel<OrganizationListing> model =
            new PagedModel<>(page -> organizations.listAll(caller.get(), page));
    private List<ClusterView> clusterChoices = List.of();
    private String name;
    private String slug;
    private UUID clusterId;
    private String description;

    @PostConstruct
    void load() {
        clusterChoices = clusters.list(caller.get(), PageRequest.first(PageRequest.MAX_LIMIT)).items();
    }

    public void create() {
        try {
            OrganizationView created = organizations.create(caller.get(),
                    new NewOrganization(name, slug, clusterId, description));
            Messages.info("organization.created", created.name());
            name = slug = description = null;
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    public PagedModel<OrganizationListing> getModel() { return model; }
    public List<ClusterView> getClusterChoices() { return clusterChoices; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getSlug() { return slug; }
    public void setSlug(String slug) { this.slug = slug; }
    public UUID getClusterId() { return clusterId; }
    public void setClusterId(UUID clusterId) { this.clusterId = clusterId; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
}
