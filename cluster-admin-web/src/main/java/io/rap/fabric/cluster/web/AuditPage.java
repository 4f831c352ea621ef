package io.rap.fabric.cluster.web;

import io.rap.fabric.domain.audit.AuditService;
import io.rap.fabric.domain.audit.AuditView;
import io.rap.fabric.web.PagedModel;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** The cluster's own audit events, newest first, without trust material (the domain leaves it out). */
@Named
@ViewScoped
public class AuditPage extends ClusterScopedPage {

    private static final long serialVersionUID = 1L;

    @Inject
    AuditService audit;

    private PagedModel<AuditView> model;

    @Override
    protected void loaded() {
        var clusterId = cluster();
        model = new PagedModel<>(page -> audit.listForCluster(caller.get(), clusterId, page));
    }

    public PagedModel<AuditView> getModel() { return model; }
}
