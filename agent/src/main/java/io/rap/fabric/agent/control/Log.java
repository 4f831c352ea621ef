package io.rap.fabric.agent.control;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/** Timestamped lines for operators (journald keeps them when run as a service). */
public final class Log {

    private final PrintWriter out;
    private final Clock clock;

    public Log(PrintWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    public void info(String message) {
        write("INFO", message);
    }

    public void warn(String message) {
        write("WARN", message);
    }

    public void error(String message) {
        write("ERROR", message);
    }

    private synchronized void write(String level, String message) {
        out.println(clock.instant().truncatedTo(ChronoUnit.MILLIS) + " " + level + " " + message);
        out.flush();
    }
}
