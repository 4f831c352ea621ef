package io.rap.fabric.domain.group;

import java.util.UUID;

/**
 * One group of a cluster's tree, flat: the page builds the tree from the parent ids.
 *
 * @param depth        0 for a root
 * @param memberCount  memberships in this group itself (not in its subgroups)
 * @param version      what a rename, move or delete must name, so a stale form is refused
 */
public record NodeGroupView(UUID id, UUID clusterId, UUID parentId, String name, int depth, long memberCount,
                            long version) {
}
