package io.rap.fabric.agent.control;

import io.rap.fabric.agent.config.AgentConfig;
import io.rap.fabric.agent.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Whom the agent trusts for the control plane's HTTPS: the certificates of the operator's
 * {@code server-ca-file} only (a private CA, or the public CA the operator chose, pinned), or
 * the JVM's default authorities when none is configured. The host name is checked either way.
 * The file is read once per command; a file that cannot be used stops the command before
 * anything is sent.
 */
public final class ServerTrust {

    private final SSLContext context;
    private final String description;

    private ServerTrust(SSLContext context, String description) {
        this.context = context;
        this.description = description;
    }

    public static ServerTrust defaults() {
        return new ServerTrust(null, "the JVM's default certificate authorities");
    }

    public static ServerTrust of(AgentConfig config) {
        return config.serverCaFile() == null ? defaults() : fromPem(config.serverCaFile());
    }

    /**
     * @throws ConfigException when the file cannot be read, is not PEM, or holds no certificate
     */
    public static ServerTrust fromPem(Path file) {
        String where = "server-ca-file " + file;
        byte[] pem;
        try {
            pem = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(where + ": cannot read it (" + e.getMessage() + ")", e);
        }
        List<Certificate> certificates;
        try {
            certificates = new ArrayList<>(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem)));
        } catch (GeneralSecurityException e) {
            throw new ConfigException(where + ": not a PEM file of X.509 certificates (" + e.getMessage() + ")", e);
        }
        if (certificates.isEmpty()) {
            throw new ConfigException(where + ": holds no certificate");
        }
        try {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                anchors.setCertificateEntry("server-ca-" + i, certificates.get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return new ServerTrust(context, where + " (" + certificates.size() + " certificate"
                    + (certificates.size() == 1 ? "" : "s") + ")");
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException(where + ": cannot build a trust store from it (" + e.getMessage() + ")", e);
        }
    }

    HttpClient.Builder applyTo(HttpClient.Builder builder) {
        return context == null ? builder : builder.sslContext(context);
    }

    /** For error messages: what the server's certificate was checked against. */
    public String description() {
        return description;
    }
}
