package io.rap.fabric.web;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Rows ticked in a lazy table for one action on all of them ("approve selected"). The page binds
 * a checkbox per row to {@code selection.ticked[row.id()]}; the keys are the ids of rows the
 * server rendered, and the domain service checks every id again anyway. The ids travel through
 * a parked high-risk action as one text argument ({@link #argument()}, {@link #ids(String)}).
 */
public class RowSelection implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Map<UUID, Boolean> ticked = new HashMap<>();

    public Map<UUID, Boolean> getTicked() {
        return ticked;
    }

    public boolean isEmpty() {
        return ticked.values().stream().noneMatch(Boolean.TRUE::equals);
    }

    /** The ticked ids in a stable order, joined for a {@link ResumableAction}'s argument. */
    public String argument() {
        return ticked.entrySet().stream().filter(e -> Boolean.TRUE.equals(e.getValue())).map(Map.Entry::getKey)
                .sorted().map(UUID::toString).collect(Collectors.joining(","));
    }

    public void clear() {
        ticked.clear();
    }

    /** The ids of an {@link #argument()}; a malformed one fails as a bad argument would. */
    public static List<UUID> ids(String argument) {
        if (argument == null || argument.isBlank()) {
            return List.of();
        }
        return Arrays.stream(argument.split(",")).map(UUID::fromString).toList();
    }
}
