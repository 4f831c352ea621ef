package io.rap.fabric.owner.web;

import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.cluster.NewCluster;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.web.CurrentCaller;
import io.rap.fabric.web.PagedModel;
import io.rap.fabric.web.Messages;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;

@Named
@ViewScoped
public class ClustersPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    ClusterService clusters;

    @Inject
    CurrentCaller caller;

    private final PagedModel<ClusterView> model = new PagedModel<>(page -> clusters.list(caller.get(), page));
    private String name;
    private String slug;
    private String region;
    private String description;

    public void create() {
        try {
            ClusterView created = clusters.create(caller.get(), new NewCluster(name, slug, region, description));
            Messages.info("cluster.created", created.name());
            name = slug = region = description = null;
        } catch (DomainException e) {
            Messages.error(e);
        }
    }

    public PagedModel<ClusterView> getModel() { return model; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getSlug() { return slug; }
    public void setSlug(String slug) { this.slug = slug; }
    public String getRegion() { return region; }
    public void setRegion(String region) { this.region = region; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
}
