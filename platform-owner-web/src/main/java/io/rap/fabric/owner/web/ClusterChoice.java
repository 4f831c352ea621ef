package io.rap.fabric.owner.web;

import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.web.Messages;
import jakarta.faces.model.SelectItem;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The cluster selection of the owner's fleet pages (trust, workloads, audit, nodes, join
 * requests): the clusters to choose from and the cluster named by a view parameter such as
 * {@code ?id=}. A malformed id selects no cluster, like no id at all, so a hand-edited URL opens
 * the page unfiltered instead of failing.
 */
final class ClusterChoice {

    private ClusterChoice() {
    }

    /** Every cluster the caller may choose from (the fleet has far fewer than one page's maximum). */
    static List<ClusterView> options(ClusterService clusters, Caller caller) {
        return clusters.list(caller, PageRequest.first(PageRequest.MAX_LIMIT)).items();
    }

    /** The clusters as a select's choices after "all clusters" (value {@code ""}); a mutable list. */
    static List<SelectItem> filterChoices(ClusterService clusters, Caller caller) {
        List<SelectItem> choices = new ArrayList<>();
        choices.add(new SelectItem("", Messages.text("node.allClusters")));
        for (ClusterView c : options(clusters, caller)) {
            choices.add(new SelectItem(c.id().toString(), c.name()));
        }
        return choices;
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
