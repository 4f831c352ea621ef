package io.rap.fabric.agent.state;

import java.util.Locale;

/** Where this node stands with the control plane, as {@code status} reports it. */
public enum EnrollmentState {
    NONE, PENDING, APPROVED, REJECTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EnrollmentState fromWireName(String name) {
        for (EnrollmentState state : values()) {
            if (state.wireName().equals(name)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown enrollment state '" + name + "'");
    }
}
