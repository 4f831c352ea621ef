package io.rap.fabric.devstack.keycloak;

import java.net.CookieManager;
import java.net.CookieStore;
import java.net.HttpCookie;
import java.net.URI;
import java.util.List;

/**
 * Keycloak marks its session cookies {@code Secure} even on http://127.0.0.1, where a browser still sends them
 * (loopback counts as a secure context) but {@link CookieManager} does not. This store drops the flag for
 * loopback hosts only, so the test client behaves like a browser.
 */
final class LoopbackCookieStore implements CookieStore {

    private final CookieStore delegate = new CookieManager().getCookieStore();

    @Override
    public void add(URI uri, HttpCookie cookie) {
        if (uri != null && ("127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost()))) {
            cookie.setSecure(false);
        }
        delegate.add(uri, cookie);
    }

    @Override
    public List<HttpCookie> get(URI uri) {
        return delegate.get(uri);
    }

    @Override
    public List<HttpCookie> getCookies() {
        return delegate.getCookies();
    }

    @Override
    public List<URI> getURIs() {
        return delegate.getURIs();
    }

    @Override
    public boolean remove(URI uri, HttpCookie cookie) {
        return delegate.remove(uri, cookie);
    }

    @Override
    public boolean removeAll() {
        return delegate.removeAll();
    }
}
