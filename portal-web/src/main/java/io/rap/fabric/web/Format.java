package io.rap.fabric.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.text.MessageFormat;
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

    /** {@link MessageFormat} for bundle texts with a placeholder, e.g. {@code review.roleNeeds}. */
    public String format(String pattern, Object argument) {
        return pattern == null ? "" : MessageFormat.format(pattern, argument);
    }

    public String details(Map<String, String> details) {
        return details == null ? "" : details.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
