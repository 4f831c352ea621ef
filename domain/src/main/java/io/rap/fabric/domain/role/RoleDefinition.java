package io.rap.fabric.domain.role;

import java.util.List;

/**
 * A role a node can be assigned in a cluster: the capability the node must report before the
 * role can be assigned (capabilities are prerequisites, never permissions), the workload types
 * an active assignment of it authorizes, and whether it may be limited to one organization.
 */
public record RoleDefinition(String name, String requiredCapability, List<String> workloadTypes,
                             boolean organizationScoped) {

    public RoleDefinition {
        workloadTypes = List.copyOf(workloadTypes);
    }

    public boolean authorizes(String workloadType) {
        return workloadTypes.contains(workloadType);
    }
}
