package io.rap.fabric.owner.web;

import java.util.List;
import java.util.Map;

/**
 * One labelled count for {@code ui:repeat}. A public record rather than {@code Map.Entry}: the JDK's
 * entry classes are not public, and EL's reflection cannot call their methods.
 */
public record Count(String key, long value) {

    /** The map's counts in key order. */
    static List<Count> of(Map<String, Long> counts) {
        return counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new Count(e.getKey(), e.getValue())).toList();
    }
}
