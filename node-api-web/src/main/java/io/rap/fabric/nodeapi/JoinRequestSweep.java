package io.rap.fabric.nodeapi;

import io.rap.fabric.domain.enrollment.JoinRequestExpiry;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Expires stale join requests every few minutes, so they expire even when nobody looks (the
 * join-request list, approval and the agent's poll also expire them when they read one). Lives
 * in the node API because that module is deployed exactly once; WildFly's default managed
 * scheduler runs it.
 */
@WebListener
public class JoinRequestSweep implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(JoinRequestSweep.class.getName());
    private static final long PERIOD_MINUTES = 5;

    @Resource(lookup = "java:jboss/ee/concurrency/scheduler/default")
    ManagedScheduledExecutorService scheduler;

    @Inject
    JoinRequestExpiry expiry;

    private ScheduledFuture<?> task;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        task = scheduler.scheduleWithFixedDelay(this::sweep, 1, PERIOD_MINUTES, TimeUnit.MINUTES);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void sweep() {
        try {
            int expired = expiry.sweep();
            if (expired > 0) {
                LOG.info(() -> "expired " + expired + " stale join request(s)");
            }
        } catch (RuntimeException e) {
            // A failed sweep must not cancel the schedule; the next one retries.
            LOG.log(Level.WARNING, "join request sweep failed", e);
        }
    }
}
