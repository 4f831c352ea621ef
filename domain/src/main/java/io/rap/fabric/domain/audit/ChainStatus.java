package io.rap.fabric.domain.audit;

/** Result of re-computing the audit hash chain; {@code firstBrokenSequence} is null when intact. */
public record ChainStatus(boolean intact, long checkedEvents, Long firstBrokenSequence) {
}
