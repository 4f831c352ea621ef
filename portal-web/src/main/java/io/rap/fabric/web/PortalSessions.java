package io.rap.fabric.web;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * This portal's HTTP sessions by the identity provider's session id ({@code sid} of the session's
 * ID token, Keycloak's SSO session), so a back-channel logout can end exactly the sessions of the
 * SSO session the person logged out of. One per WAR (a servlet context attribute): each portal has
 * its own sessions.
 *
 * <p>Ended sids are remembered for {@link #ENDED_KEPT} (at most {@link #MAX_ENDED}): a login
 * callback racing the logout could register a session after the logout looked for it, and
 * {@link PortalSessionFilter} ends such a session at its next request. Keycloak never reuses a sid,
 * so remembering one can end nothing else.
 */
public final class PortalSessions {

    static final String CONTEXT_ATTRIBUTE = PortalSessions.class.getName();
    /** The sid a session was registered under, kept in the session itself. */
    static final String SID_ATTRIBUTE = PortalSessions.class.getName() + ".sid";
    static final Duration ENDED_KEPT = Duration.ofHours(1);
    static final int MAX_ENDED = 10_000;

    private final ConcurrentMap<String, ConcurrentMap<String, HttpSession>> bySid = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Instant> ended = new ConcurrentHashMap<>();

    public static PortalSessions of(ServletContext portal) {
        Object registry = portal.getAttribute(CONTEXT_ATTRIBUTE);
        if (!(registry instanceof PortalSessions sessions)) {
            throw new IllegalStateException("no session registry in " + portal.getContextPath()
                    + " (PortalSessionTracking did not run)");
        }
        return sessions;
    }

    /**
     * Records that {@code session} belongs to the SSO session {@code sid}; called on every
     * authenticated request, so it is a lookup unless something changed.
     *
     * @return false when that SSO session has already ended: the caller must end this session too
     */
    public boolean seen(HttpSession session, String sid, Instant now) {
        if (hasEnded(sid, now)) {
            return false;
        }
        Object known = session.getAttribute(SID_ATTRIBUTE);
        if (!sid.equals(known)) {
            if (known instanceof String previous) {
                forget(previous, session.getId());
            }
            session.setAttribute(SID_ATTRIBUTE, sid);
        }
        String id = session.getId();
        Map<String, HttpSession> sessions = bySid.get(sid);
        if (sessions == null || !sessions.containsKey(id)) {
            // compute, not computeIfAbsent + put: forget() may drop an emptied map at the same moment
            bySid.compute(sid, (s, current) -> {
                ConcurrentMap<String, HttpSession> map = current != null ? current : new ConcurrentHashMap<>();
                map.putIfAbsent(id, session);
                return map;
            });
        }
        return true;
    }

    /**
     * Ends every session of {@code sid} in this portal, and any that registers later.
     *
     * @return how many sessions were invalidated
     */
    public int end(String sid, Instant now) {
        markEnded(sid, now);
        Map<String, HttpSession> sessions = bySid.remove(sid);
        int invalidated = 0;
        if (sessions != null) {
            for (HttpSession session : sessions.values()) {
                try {
                    session.invalidate();
                    invalidated++;
                } catch (IllegalStateException alreadyInvalidated) {
                    // it ended on its own meanwhile (logout, timeout): nothing left to do
                }
            }
        }
        return invalidated;
    }

    boolean hasEnded(String sid, Instant now) {
        Instant at = ended.get(sid);
        return at != null && at.plus(ENDED_KEPT).isAfter(now);
    }

    /** A session ended (logout, timeout, back-channel): drop it. */
    void destroyed(HttpSession session) {
        if (session.getAttribute(SID_ATTRIBUTE) instanceof String sid) {
            forget(sid, session.getId());
        }
    }

    /** The container gave the session a new id (e.g. at login): keep it findable. */
    void idChanged(HttpSession session, String oldId) {
        if (session.getAttribute(SID_ATTRIBUTE) instanceof String sid) {
            bySid.computeIfPresent(sid, (s, sessions) -> {
                if (sessions.remove(oldId) != null) {
                    sessions.put(session.getId(), session);
                }
                return sessions;
            });
        }
    }

    int sessionCount(String sid) {
        Map<String, HttpSession> sessions = bySid.get(sid);
        return sessions == null ? 0 : sessions.size();
    }

    int endedCount() {
        return ended.size();
    }

    private void forget(String sid, String sessionId) {
        bySid.computeIfPresent(sid, (s, sessions) -> {
            sessions.remove(sessionId);
            return sessions.isEmpty() ? null : sessions;
        });
    }

    private void markEnded(String sid, Instant now) {
        ended.put(sid, now);
        if (ended.size() > MAX_ENDED) {
            ended.values().removeIf(at -> !at.plus(ENDED_KEPT).isAfter(now));
            while (ended.size() > MAX_ENDED) {
                ended.entrySet().stream().min(Map.Entry.comparingByValue(Comparator.naturalOrder()))
                        .ifPresent(oldest -> ended.remove(oldest.getKey(), oldest.getValue()));
            }
        }
    }
}
