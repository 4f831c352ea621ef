package io.rap.fabric.domain.shared;

import java.util.List;
import java.util.function.Function;

/** One page of a query whose paging, sorting and filtering ran in the database. */
public record Page<T>(List<T> items, long total, int offset, int limit) {

    public Page {
        items = List.copyOf(items);
    }

    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(items.stream().<R>map(mapper).toList(), total, offset, limit);
    }
}
