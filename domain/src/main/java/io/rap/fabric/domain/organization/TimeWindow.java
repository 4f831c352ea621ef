package io.rap.fabric.domain.organization;

import io.rap.fabric.domain.shared.ValidationException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a policy applies: some weekdays, a window from {@code startMinute} (inclusive) to
 * {@code endMinute} (exclusive) after local midnight, in one time zone. A window never crosses
 * midnight: a night shift is two windows (two policies), which keeps "which day counts" obvious.
 *
 * @param weekdayBits bit 0 = Monday ... bit 6 = Sunday
 */
public record TimeWindow(int weekdayBits, int startMinute, int endMinute, ZoneId zone) {

    private static final Pattern HH_MM = Pattern.compile("([01]\\d|2[0-4]):([0-5]\\d)");

    public TimeWindow {
        if (weekdayBits < 1 || weekdayBits > 127) {
            throw new ValidationException("days", "Choose at least one weekday");
        }
        if (startMinute < 0 || endMinute > 24 * 60 || startMinute >= endMinute) {
            throw new ValidationException("window", "The window must start before it ends (00:00 to 24:00)");
        }
    }

    /** From page input: days, "HH:mm" start and end ("24:00" allowed as the end) and a zone id. */
    public static TimeWindow of(Collection<DayOfWeek> days, String start, String end, String timeZone) {
        int bits = 0;
        for (DayOfWeek day : days == null ? Set.<DayOfWeek>of() : days) {
            bits |= 1 << (day.getValue() - 1);
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(timeZone == null ? "" : timeZone.strip());
        } catch (DateTimeException e) {
            throw new ValidationException("timeZone", "Use a time zone id such as Europe/Moscow or UTC");
        }
        return new TimeWindow(bits, minutes("start", start), minutes("end", end), zone);
    }

    public Set<DayOfWeek> days() {
        EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            if ((weekdayBits & (1 << (day.getValue() - 1))) != 0) {
                days.add(day);
            }
        }
        return days;
    }

    public String start() {
        return text(startMinute);
    }

    public String end() {
        return text(endMinute);
    }

    /** Whether {@code at} falls on one of the days, inside the window, in this zone. */
    public boolean covers(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        if ((weekdayBits & (1 << (local.getDayOfWeek().getValue() - 1))) == 0) {
            return false;
        }
        int minute = local.getHour() * 60 + local.getMinute();
        return minute >= startMinute && minute < endMinute;
    }

    private static int minutes(String field, String text) {
        Matcher m = HH_MM.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new ValidationException(field, "Use HH:mm for the " + field + " of the window");
        }
        int value = Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2));
        if (value > 24 * 60) {
            throw new ValidationException(field, "Use HH:mm for the " + field + " of the window");
        }
        return value;
    }

    private static String text(int minute) {
        return String.format("%02d:%02d", minute / 60, minute % 60);
    }
}
