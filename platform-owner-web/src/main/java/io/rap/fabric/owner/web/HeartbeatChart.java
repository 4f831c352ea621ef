package io.rap.fabric.owner.web;

import io.rap.fabric.domain.fleet.HeartbeatHour;
import io.rap.fabric.web.Messages;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The Chart.js configuration that PrimeFaces' {@code p:chart} renders (PrimeFaces 14+ takes the
 * configuration as JSON in {@code value}; the Java chart models are gone): a stacked bar per hour.
 */
final class HeartbeatChart {

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private HeartbeatChart() {
    }

    static String json(List<HeartbeatHour> hours) {
        JsonArrayBuilder labels = Json.createArrayBuilder();
        hours.forEach(h -> labels.add(HOUR.format(h.start())));
        JsonArrayBuilder datasets = Json.createArrayBuilder()
                .add(dataset(Messages.text("health.healthy"), "#0e7c3a", hours, HeartbeatHour::healthy))
                .add(dataset(Messages.text("health.degraded"), "#f0b429", hours, HeartbeatHour::degraded))
                .add(dataset(Messages.text("health.unhealthy"), "#ab091e", hours, HeartbeatHour::unhealthy))
                .add(dataset(Messages.text("health.silent"), "#7b8794", hours, HeartbeatHour::silent));
        JsonObjectBuilder stacked = Json.createObjectBuilder().add("stacked", true);
        return Json.createObjectBuilder()
                .add("type", "bar")
                .add("data", Json.createObjectBuilder().add("labels", labels).add("datasets", datasets))
                .add("options", Json.createObjectBuilder()
                        .add("animation", false)
                        .add("maintainAspectRatio", false)
                        .add("scales", Json.createObjectBuilder()
                                .add("x", Json.createObjectBuilder().add("stacked", true)
                                        .add("title", Json.createObjectBuilder().add("display", true)
                                                .add("text", Messages.text("health.chart.hourUtc"))))
                                .add("y", stacked.add("beginAtZero", true)
                                        .add("title", Json.createObjectBuilder().add("display", true)
                                                .add("text", Messages.text("health.chart.nodes"))))))
                .build().toString();
    }

    private static JsonObjectBuilder dataset(String label, String color, List<HeartbeatHour> hours,
                                             ToLongFunction<HeartbeatHour> value) {
        JsonArrayBuilder data = Json.createArrayBuilder();
        hours.forEach(h -> data.add(value.applyAsLong(h)));
        return Json.createObjectBuilder().add("label", label).add("backgroundColor", color).add("data", data);
    }
}
