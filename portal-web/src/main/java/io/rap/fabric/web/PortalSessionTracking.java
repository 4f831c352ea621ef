package io.rap.fabric.web;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;

/**
 * Gives each portal its {@link PortalSessions} and keeps it in step with the container: a session
 * that ends for any reason leaves it, and one whose id changes stays findable.
 */
@WebListener
public class PortalSessionTracking implements ServletContextListener, HttpSessionListener, HttpSessionIdListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        event.getServletContext().setAttribute(PortalSessions.CONTEXT_ATTRIBUTE, new PortalSessions());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        event.getServletContext().removeAttribute(PortalSessions.CONTEXT_ATTRIBUTE);
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        if (event.getSession().getServletContext().getAttribute(PortalSessions.CONTEXT_ATTRIBUTE)
                instanceof PortalSessions sessions) {
            sessions.destroyed(event.getSession());
        }
    }

    @Override
    public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
        if (event.getSession().getServletContext().getAttribute(PortalSessions.CONTEXT_ATTRIBUTE)
                instanceof PortalSessions sessions) {
            sessions.idChanged(event.getSession(), oldSessionId);
        }
    }
}
