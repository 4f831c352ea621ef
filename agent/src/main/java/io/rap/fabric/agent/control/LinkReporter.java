package io.rap.fabric.agent.control;

import io.rap.fabric.agent.state.AgentState;
import io.rap.fabric.protocol.Json;
import io.rap.fabric.protocol.LinkReport;
import io.rap.fabric.protocol.Limits;
import io.rap.fabric.protocol.TelemetryFlag;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Sends the fabric's route health to the control plane's link inventory
 * ({@code POST /nodes/{id}/links}) every {@code interval} (varied by ±10 % like heartbeats),
 * while the fabric runs. Called from the heartbeat loop's thread, never from the fabric's event
 * loop. A failure is retried with exponential backoff and jitter, and never holds up a heartbeat.
 *
 * <p>While the {@code link_trace} test telemetry flag applies, reports go every
 * {@link #TRACE_INTERVAL} instead (but still only from the heartbeat loop: never more often than
 * heartbeats); the configured interval returns as soon as the flag is off or expired.
 */
public final class LinkReporter {

    private final Supplier<Optional<LinkReport>> source;
    private final Duration interval;
    private final Backoff backoff;
    private final Clock clock;
    /** Report interval while {@code link_trace} applies. */
    public static final Duration TRACE_INTERVAL = Duration.ofSeconds(TelemetryFlag.LINK_TRACE_INTERVAL_SECONDS);

    private final Log log;
    /** When the next report is due at the configured interval. */
    private Instant next;
    /** When the next report is due while tracing (never later than {@link #next}). */
    private Instant nextTraced;
    private boolean failing;

    /** @param source the running fabric's route health; empty while no fabric runs */
    public LinkReporter(Supplier<Optional<LinkReport>> source, Duration interval, Backoff backoff, Clock clock,
                        Log log) {
        this.source = source;
        this.interval = interval;
        this.backoff = backoff;
        this.clock = clock;
        this.log = log;
        // The first report waits one interval: a fabric that just started has measured nothing yet.
        schedule(clock.instant());
    }

    /** Sends a report if one is due at the configured interval; see {@link #sendIfDue(NodeApiClient, AgentState, KeyPair, boolean)}. */
    public void sendIfDue(NodeApiClient client, AgentState state, KeyPair key) {
        sendIfDue(client, state, key, false);
    }

    /**
     * Sends a report if one is due and there is something to say; otherwise returns at once.
     *
     * @param trace whether {@code link_trace} applies now: reports are due every {@link #TRACE_INTERVAL}
     */
    public void sendIfDue(NodeApiClient client, AgentState state, KeyPair key, boolean trace) {
        Instant now = clock.instant();
        if (now.isBefore(trace ? nextTraced : next)) {
            return;
        }
        Optional<LinkReport> report = source.get()
                .filter(r -> r.nodeId().equals(state.nodeId()) && r.clusterId().equals(state.clusterId()))
                .filter(r -> !r.links().isEmpty());
        if (report.isEmpty()) {
            schedule(now);
            return;
        }
        try {
            client.reportLinks(state.nodeId(), fit(report.get(), Limits.MAX_BODY_BYTES), key);
            backoff.reset();
            if (failing) {
                log.info("link report accepted again");
            }
            failing = false;
            schedule(clock.instant());
        } catch (ControlPlaneUnreachableException | ControlPlaneException e) {
            Duration wait = backoff.nextDelay();
            next = clock.instant().plus(wait);
            nextTraced = next; // a failing control plane gets the backoff, traced or not
            if (!failing) {
                log.warn("link report failed: " + e.getMessage() + "; retrying in " + Enroller.seconds(wait));
            }
            failing = true;
        }
    }

    private void schedule(Instant from) {
        next = from.plus(backoff.jittered(interval));
        Instant traced = from.plus(backoff.jittered(TRACE_INTERVAL));
        nextTraced = traced.isBefore(next) ? traced : next;
    }

    /**
     * The report, cut to the paths used most recently if its JSON would exceed {@code maxBytes}
     * (the node API's body limit): a mesh node with many peers and relays can measure more paths
     * than one request may carry, and the recent ones matter most.
     */
    static LinkReport fit(LinkReport report, int maxBytes) {
        if (Json.toBytes(report.toJson()).length <= maxBytes) {
            return report;
        }
        List<LinkReport.LinkHealth> recent = new ArrayList<>(report.links());
        recent.sort(Comparator.comparing(LinkReporter::lastUsed, Comparator.nullsLast(Comparator.reverseOrder())));
        int count = recent.size();
        while (count > 0) {
            count = Math.min(count - 1, count * 9 / 10);
            LinkReport cut = new LinkReport(report.clusterId(), report.nodeId(), report.measuredAt(),
                    recent.subList(0, count));
            if (Json.toBytes(cut.toJson()).length <= maxBytes) {
                return cut;
            }
        }
        return new LinkReport(report.clusterId(), report.nodeId(), report.measuredAt(), List.of());
    }

    private static Instant lastUsed(LinkReport.LinkHealth link) {
        if (link.lastSuccessAt() == null) {
            return link.lastFailureAt();
        }
        return link.lastFailureAt() == null || link.lastSuccessAt().isAfter(link.lastFailureAt())
                ? link.lastSuccessAt() : link.lastFailureAt();
    }
}
