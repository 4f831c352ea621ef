package io.rap.fabric.domain.telemetry;

import io.rap.fabric.domain.shared.ValidationException;
import io.rap.fabric.protocol.TelemetryFlag;
import java.util.Arrays;

/**
 * The catalog of test telemetry flags. Each has a real effect in the agent (docs/agent.md); a name
 * outside this list is refused, so nothing is stored that no agent would act on.
 */
public enum TelemetryFlagName {

    /** The agent reports its link inventory every 10 s instead of its configured interval. */
    LINK_TRACE(TelemetryFlag.LINK_TRACE),
    /** Heartbeats carry the agent's runtime block, shown in the owner's Node Detail. */
    HEARTBEAT_DETAIL(TelemetryFlag.HEARTBEAT_DETAIL);

    private final String wireName;

    TelemetryFlagName(String wireName) {
        this.wireName = wireName;
    }

    /** The name stored and sent to the agent, e.g. {@code link_trace}. */
    public String wireName() {
        return wireName;
    }

    public static TelemetryFlagName parse(String name) {
        String clean = name == null ? "" : name.strip();
        return Arrays.stream(values()).filter(f -> f.wireName.equals(clean)).findFirst()
                .orElseThrow(() -> new ValidationException("flag", "Unknown telemetry flag '" + clean
                        + "'; known flags: " + String.join(", ", Arrays.stream(values())
                        .map(TelemetryFlagName::wireName).toList())));
    }
}
