package io.rap.fabric.owner.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.Collection;

/** Small formatting helpers for pages. */
@Named("fmt")
@ApplicationScoped
public class Format {

    public String join(Collection<String> values) {
        return values == null ? "" : String.join(", ", values);
    }
}
