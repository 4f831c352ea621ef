package io.rap.fabric.owner.web;

import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.node.NodeSummary;
import io.rap.fabric.web.CurrentCaller;
import io.rap.fabric.web.PagedModel;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;

@Named
@ViewScoped
public class NodesPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    NodeService nodes;

    @Inject
    CurrentCaller caller;

    private final PagedModel<NodeSummary> model = new PagedModel<>(page -> nodes.list(caller.get(), null, page));

    public PagedModel<NodeSummary> getModel() { return model; }
}
