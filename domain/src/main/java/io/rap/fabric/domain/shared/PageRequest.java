package io.rap.fabric.domain.shared;

/** Offset paging with a hard upper bound so no caller can ask for a whole fleet at once. */
public record PageRequest(int offset, int limit) {

    public static final int MAX_LIMIT = 200;

    public PageRequest {
        if (offset < 0) {
            throw new ValidationException("offset", "offset must not be negative");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ValidationException("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
    }

    public static PageRequest first(int limit) {
        return new PageRequest(0, limit);
    }
}
