package io.rap.fabric.domain.organization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rap.fabric.domain.shared.ValidationException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TimeWindowTest {

    private final TimeWindow officeHoursMoscow = TimeWindow.of(
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "09:00", "18:00", "Europe/Moscow");

    @Test
    void coversTheWindowInItsOwnTimeZoneWithAnExclusiveEnd() {
        // 2026-11-25 is a Wednesday; Moscow is UTC+3.
        assertThat(officeHoursMoscow.covers(Instant.parse("2026-11-25T06:00:00Z"))).isTrue();
        assertThat(officeHoursMoscow.covers(Instant.parse("2026-11-25T05:59:00Z"))).isFalse();
        assertThat(officeHoursMoscow.covers(Instant.parse("2026-11-25T14:59:00Z"))).isTrue();
        assertThat(officeHoursMoscow.covers(Instant.parse("2026-11-25T15:00:00Z"))).isFalse();
    }

    @Test
    void theWeekdayIsTheLocalOne() {
        // Friday 23:30 UTC is already Saturday 02:30 in Moscow.
        TimeWindow allDayFriday = TimeWindow.of(Set.of(DayOfWeek.FRIDAY), "00:00", "24:00", "Europe/Moscow");
        assertThat(allDayFriday.covers(Instant.parse("2026-11-27T23:30:00Z"))).isFalse();
        assertThat(allDayFriday.covers(Instant.parse("2026-11-27T20:59:00Z"))).isTrue();
        assertThat(allDayFriday.days()).containsExactly(DayOfWeek.FRIDAY);
        assertThat(allDayFriday.end()).isEqualTo("24:00");
    }

    @Test
    void refusesEmptyDaysBackwardWindowsAndUnknownZones() {
        assertThatThrownBy(() -> TimeWindow.of(Set.of(), "09:00", "10:00", "UTC"))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> TimeWindow.of(Set.of(DayOfWeek.MONDAY), "10:00", "09:00", "UTC"))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> TimeWindow.of(Set.of(DayOfWeek.MONDAY), "09:00", "24:30", "UTC"))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> TimeWindow.of(Set.of(DayOfWeek.MONDAY), "9", "10:00", "UTC"))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> TimeWindow.of(Set.of(DayOfWeek.MONDAY), "09:00", "10:00", "Mars/Olympus"))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void safeStatusSaysOnlyHowManyAreHealthy() {
        assertThat(SafeStatus.of(0, 0, 0)).isEqualTo(SafeStatus.UNAVAILABLE);
        assertThat(SafeStatus.of(3, 0, 0)).isEqualTo(SafeStatus.UNAVAILABLE);
        assertThat(SafeStatus.of(3, 0, 1)).isEqualTo(SafeStatus.DEGRADED);
        assertThat(SafeStatus.of(3, 1, 0)).isEqualTo(SafeStatus.DEGRADED);
        assertThat(SafeStatus.of(3, 3, 0)).isEqualTo(SafeStatus.AVAILABLE);
    }
}
