package io.rap.fabric.owner.web;

import io.rap.fabric.web.Messages;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Formatting for the fleet pages (overview, health, compare): ages of alerts and capacities. */
@Named("fleetFmt")
@ApplicationScoped
public class FleetFormat {

    private final Clock clock = Clock.systemUTC();

    /** "5 min ago" for a past instant, "in 3 d" for a future one (a certificate's not-after). */
    public String age(Instant when) {
        if (when == null) {
            return Messages.text("age.unknown");
        }
        Duration d = Duration.between(when, clock.instant());
        boolean future = d.isNegative();
        String span = span(d.abs());
        return Messages.text(future ? "age.in" : "age.ago", span);
    }

    /** Memory in GiB with one decimal, as hosts report it in bytes. */
    public String gib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / (1024.0 * 1024 * 1024));
    }

    /** Workloads per node with one decimal. */
    public String ratio(double value) {
        return String.format(java.util.Locale.ROOT, "%.1f", value);
    }

    private static String span(Duration d) {
        if (d.toDays() > 0) {
            return d.toDays() + " " + Messages.text("age.days") + (d.toHoursPart() > 0 ? " " + d.toHoursPart() + " "
                    + Messages.text("age.hours") : "");
        }
        if (d.toHours() > 0) {
            return d.toHours() + " " + Messages.text("age.hours") + " " + d.toMinutesPart() + " "
                    + Messages.text("age.minutes");
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + " " + Messages.text("age.minutes");
        }
        return d.toSeconds() + " " + Messages.text("age.seconds");
    }
}
