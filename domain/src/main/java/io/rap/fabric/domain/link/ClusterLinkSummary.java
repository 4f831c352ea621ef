package io.rap.fabric.domain.link;

import java.time.Instant;
import java.util.UUID;

/**
 * The link inventory of one cluster in numbers, for the owner's cluster page.
 *
 * @param failing paths whose last attempt failed
 * @param stale   paths not measured again for {@link LinkInventory#STALE_AFTER}
 */
public record ClusterLinkSummary(UUID clusterId, long links, long failing, long stale, long reportingNodes,
                                 Instant lastMeasuredAt) {
}
