package io.rap.fabric.web;

import jakarta.faces.FacesException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.application.ViewExpiredException;
import jakarta.faces.context.ExceptionHandler;
import jakarta.faces.context.ExceptionHandlerWrapper;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.ExceptionQueuedEvent;
import java.io.IOException;
import java.util.Iterator;
import java.util.regex.Pattern;

/**
 * A post whose view state this session does not hold (the page sat open past the session, or the
 * form came from another session) is answered by reloading the same page with a message, never
 * by an error status. Faces raises {@link ViewExpiredException} while restoring the view, before
 * any value is applied or any action runs, so nothing was changed and a reload is the honest
 * answer. {@link ExternalContext#redirect} sends a 302 for a full-page post and a
 * partial-response redirect for an AJAX one, and keeps the message in the flash for the next page.
 */
public class ExpiredViewExceptionHandler extends ExceptionHandlerWrapper {

    /** A page of the portal itself; anything else (or nothing) reloads the portal's start page. */
    private static final String FALLBACK = "This page had expired: it was reloaded, nothing was changed.";

    private static final Pattern OWN_PAGE = Pattern.compile("/[a-z][a-z0-9-]*\\.xhtml");

    public ExpiredViewExceptionHandler(ExceptionHandler wrapped) {
        super(wrapped);
    }

    @Override
    public void handle() {
        FacesContext faces = FacesContext.getCurrentInstance();
        for (Iterator<ExceptionQueuedEvent> events = getUnhandledExceptionQueuedEvents().iterator(); events.hasNext(); ) {
            ViewExpiredException expired = expired(events.next().getContext().getException());
            if (expired == null) {
                continue;
            }
            events.remove();
            if (!faces.getResponseComplete()) {
                reload(faces, expired.getViewId());
            }
        }
        getWrapped().handle();
    }

    private static void reload(FacesContext faces, String viewId) {
        ExternalContext external = faces.getExternalContext();
        try {
            Messages.info("page.expired");
        } catch (RuntimeException e) {
            // without a view there may be no bundle to translate with; the reload matters more than its words
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, FALLBACK, null));
            external.getFlash().setKeepMessages(true);
        }
        try {
            external.redirect(external.getRequestContextPath() + reloadTarget(viewId));
        } catch (IOException e) {
            throw new FacesException("Cannot reload the expired page", e);
        }
    }

    /** The page to reload: the expired one when it is one of the portal's own pages. */
    static String reloadTarget(String viewId) {
        return viewId != null && OWN_PAGE.matcher(viewId).matches() ? viewId : "/index.xhtml";
    }

    private static ViewExpiredException expired(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ViewExpiredException expired) {
                return expired;
            }
        }
        return null;
    }
}
