package io.rap.fabric.domain.cluster;

/** Input of {@link ClusterService#create}. */
public record NewCluster(String name, String slug, String region, String description) {
}
