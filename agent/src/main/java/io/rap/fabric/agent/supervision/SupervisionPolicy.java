package io.rap.fabric.agent.supervision;

import java.time.Duration;

/**
 * Timing of the supervisor.
 *
 * @param tick            how often workloads are probed and restart timers checked
 * @param restartBase     first restart delay ceiling; doubles per exit (full jitter) up to {@code restartCap}
 * @param restartCap      longest wait between restarts; a crash-looping workload is retried at this pace
 * @param crashLoopExits  this many exits within {@code crashLoopWindow} is a crash loop: reported {@code failed}
 * @param crashLoopWindow see {@code crashLoopExits}
 * @param stableAfter     running this long without exit resets the restart delay
 * @param stopGrace       time between the polite stop (SIGTERM) and the forced one
 * @param probeTimeout    longest wait for a start-up health probe (e.g. an echo round trip)
 */
public record SupervisionPolicy(Duration tick, Duration restartBase, Duration restartCap, int crashLoopExits,
                                Duration crashLoopWindow, Duration stableAfter, Duration stopGrace,
                                Duration probeTimeout) {

    public static SupervisionPolicy defaults() {
        return new SupervisionPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(60), 5,
                Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }
}
