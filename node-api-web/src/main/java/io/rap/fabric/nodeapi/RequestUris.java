package io.rap.fabric.nodeapi;

import io.rap.fabric.domain.infrastructure.config.RapConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Optional;

/**
 * The absolute URI a node addressed, which its proof signs. Behind a reverse proxy the server sees
 * another host, so {@code RAP_PUBLIC_URL}, when set, supplies scheme, host and port.
 */
@ApplicationScoped
class RequestUris {

    @Inject
    RapConfig config;

    URI addressed(UriInfo uriInfo) {
        URI seen = uriInfo.getRequestUri();
        Optional<URI> publicUrl = config.get("RAP_PUBLIC_URL").map(URI::create);
        if (publicUrl.isEmpty()) {
            return seen;
        }
        URI base = publicUrl.get();
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + seen.getRawPath());
    }
}
