package io.rap.fabric.domain.organization;

/** Input of {@link EgressPoolService#create}: the name and region the organization will see. */
public record NewEgressPool(String name, String region) {
}
