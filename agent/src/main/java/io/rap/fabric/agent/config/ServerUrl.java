package io.rap.fabric.agent.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The control plane's base URL, e.g. {@code https://fabric.example.com} (a path prefix
 * of a reverse proxy is kept). Plain HTTP would expose the join token, so it is
 * accepted only for loopback addresses unless explicitly allowed.
 */
public record ServerUrl(URI uri) {

    public ServerUrl {
        if (uri == null) {
            throw new IllegalArgumentException("server URL is required");
        }
    }

    public static ServerUrl parse(String text, boolean allowInsecureHttp) {
        URI uri;
        try {
            uri = new URI(text == null ? "" : text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("server URL is not a valid URI: " + text);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("server URL must start with https:// (got '" + text + "')");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("server URL has no host: " + text);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("server URL must not carry user info, a query or a fragment: " + text);
        }
        if (scheme.equals("http") && !allowInsecureHttp && !isLoopback(uri.getHost())) {
            throw new IllegalArgumentException("server URL must use https:// (plain http is accepted only for loopback"
                    + " addresses, or with --allow-insecure-http): " + text);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return new ServerUrl(URI.create(scheme + "://" + uri.getRawAuthority() + path));
    }

    @Override
    public String toString() {
        return uri.toString();
    }

    private static boolean isLoopback(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!bare.matches("[0-9.]+|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*")) {
            return false; // a name: do not resolve it just to decide this
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
