package io.rap.fabric.domain.infrastructure.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Server configuration from the environment. Each key {@code RAP_X_Y} may also be given as the
 * system property {@code rap.x.y} (useful for application-server launchers that cannot pass an
 * environment); the environment wins. docs/configuration.md lists every key.
 */
@ApplicationScoped
public class RapConfig {

    public Optional<String> get(String envName) {
        String value = System.getenv(envName);
        if (value == null || value.isBlank()) {
            value = System.getProperty(envName.toLowerCase(java.util.Locale.ROOT).replace('_', '.'));
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String require(String envName) {
        return get(envName).orElseThrow(() -> new MissingConfigurationException(envName));
    }
}
