package io.rap.fabric.cluster.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/** Small formatting helpers for pages. */
@Named("fmt")
@ApplicationScoped
public class Format {

    public String join(Collection<String> values) {
        return values == null ? "" : String.join(", ", values);
    }

    public String details(Map<String, String> details) {
        return details == null ? "" : details.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
