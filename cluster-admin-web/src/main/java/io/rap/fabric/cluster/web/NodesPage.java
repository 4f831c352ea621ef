package io.rap.fabric.cluster.web;

import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.node.NodeSummary;
import io.rap.fabric.web.PagedModel;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** The cluster's nodes, paged by the database. */
@Named
@ViewScoped
public class NodesPage extends ClusterScopedPage {

    private static final long serialVersionUID = 1L;

    @Inject
    NodeService nodes;

    private PagedModel<NodeSummary> model;

    @Override
    protected void loaded() {
        var clusterId = cluster();
        model = new PagedModel<>(page -> nodes.list(caller.get(), clusterId, page));
    }

    public PagedModel<NodeSummary> getModel() { return model; }
}
