package io.rap.fabric.nodeapi;

import io.rap.fabric.domain.enrollment.JoinRequestExpiry;
import io.rap.fabric.domain.trust.RotationRequests;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.time.Clock;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every few minutes, closes what nobody will act on any more, so it closes even when nobody looks:
 * stale join requests expire (the join-request list, approval and the agent's poll also expire
 * them when they read one), and rotation requests whose certificate expired are withdrawn. Lives
 * in the node API because that module is deployed exactly once; WildFly's default managed
 * scheduler runs it.
 */
@WebListener
public class Sweeps implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(Sweeps.class.getName());
    private static final long PERIOD_MINUTES = 5;

    @Resource(lookup = "java:jboss/ee/concurrency/scheduler/default")
    ManagedScheduledExecutorService scheduler;

    @Inject
    JoinRequestExpiry joinRequests;

    @Inject
    RotationRequests rotationRequests;

    @Inject
    Clock clock;

    private ScheduledFuture<?> task;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        task = scheduler.scheduleWithFixedDelay(() -> {
            sweep("expired %d stale join request(s)", joinRequests::sweep);
            sweep("withdrew %d rotation request(s) of expired certificates",
                    () -> rotationRequests.withdrawExpired(clock.instant()));
        }, 1, PERIOD_MINUTES, TimeUnit.MINUTES);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (task != null) {
            task.cancel(false);
        }
    }

    private static void sweep(String done, IntSupplier sweep) {
        try {
            int closed = sweep.getAsInt();
            if (closed > 0) {
                LOG.info(() -> String.format(done, closed));
            }
        } catch (RuntimeException e) {
            // A failed sweep must not cancel the schedule or the other sweep; the next run retries.
            LOG.log(Level.WARNING, "sweep failed: " + done.replace("%d ", ""), e);
        }
    }
}
