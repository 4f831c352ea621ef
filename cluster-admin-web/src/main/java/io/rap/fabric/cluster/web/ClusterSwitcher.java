package io.rap.fabric.cluster.web;

import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.web.ScopeSwitcher;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.UUID;

/** The clusters the person administers and the one the cluster portal's pages work in. */
@Named("clusters")
@RequestScoped
public class ClusterSwitcher extends ScopeSwitcher<ClusterView> {

    @Inject
    ClusterService clusterService;

    @Override
    protected List<ClusterView> administered(Caller caller, PageRequest page) {
        return clusterService.listAdministered(caller, page).items();
    }

    @Override
    protected UUID idOf(ClusterView cluster) {
        return cluster.id();
    }
}
