package io.rap.fabric.domain.organization;

import java.util.UUID;

/** Input of {@link OrganizationService#create}. */
public record NewOrganization(String name, String slug, UUID clusterId, String description) {
}
