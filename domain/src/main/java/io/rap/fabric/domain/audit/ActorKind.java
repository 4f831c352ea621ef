package io.rap.fabric.domain.audit;

public enum ActorKind {
    PERSON, NODE, SYSTEM;

    String dbValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
