package io.rap.fabric.domain.node;

import java.io.Serializable;
import java.util.UUID;

/**
 * Which memberships a node list shows by node group: all, those in no group, or those in one
 * group and its subgroups (a folder shows what is filed anywhere below it). Serializable because
 * the lazy tables of view-scoped pages keep it.
 */
public record GroupFilter(UUID groupId, boolean ungrouped) implements Serializable {

    private static final GroupFilter ANY = new GroupFilter(null, false);
    private static final GroupFilter UNGROUPED = new GroupFilter(null, true);

    public GroupFilter {
        if (groupId != null && ungrouped) {
            throw new IllegalArgumentException("a group and 'ungrouped' exclude each other");
        }
    }

    public static GroupFilter any() {
        return ANY;
    }

    public static GroupFilter ungroupedOnly() {
        return UNGROUPED;
    }

    public static GroupFilter within(UUID groupId) {
        return groupId == null ? ANY : new GroupFilter(groupId, false);
    }
}
