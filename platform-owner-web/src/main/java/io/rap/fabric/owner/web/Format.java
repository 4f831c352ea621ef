package io.rap.fabric.owner.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.text.MessageFormat;
import java.util.Collection;

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
}
