package io.rap.fabric.owner.web;

import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.shared.PageRequest;
import java.util.List;
import java.util.UUID;

/**
 * The cluster selection of the owner's fleet pages (trust, workloads, audit): the clusters to
 * choose from and the cluster named by the view parameter {@code ?id=}. A malformed id selects no
 * cluster, like no id at all, so a hand-edited URL opens the page unfiltered instead of failing.
 */
final class ClusterChoice {

    private ClusterChoice() {
    }

    /** Every cluster the caller may choose from (the fleet has far fewer than one page's maximum). */
    static List<ClusterView> options(ClusterService clusters, Caller caller) {
        return clusters.list(caller, PageRequest.first(PageRequest.MAX_LIMIT)).items();
    }

    /** The cluster of {@code ?id=}, or {@code null} when it is missing or not a UUID. */
    static UUID parse(String id) {
        try {
            return id == null || id.isBlank() ? null : UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
