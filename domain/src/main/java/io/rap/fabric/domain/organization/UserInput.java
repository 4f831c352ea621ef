package io.rap.fabric.domain.organization;

/**
 * Input of {@link OrganizationUserService#create} and {@code update}. The username is the
 * person's Keycloak username and cannot change after creation; status is active or disabled.
 */
public record UserInput(String username, String displayName, String email, String status) {
}
