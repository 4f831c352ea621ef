package io.rap.fabric.agent.fabric;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Consumer;

/**
 * Certificate checks of both TLS directions on the fabric: the JDK's PKIX validation against
 * the cluster CA only, then {@link FabricTrust#check} (node identity, same cluster, not
 * revoked). Failing here fails the handshake, so a refused peer never gets a stream.
 *
 * <p>The engine-aware methods deliberately use the plain PKIX check: nodes are named by the
 * URI in their certificate, not by a host name the engine could verify.
 */
final class FabricTrustManager extends X509ExtendedTrustManager {

    private final X509TrustManager pkix;
    private final FabricTrust trust;
    private final Consumer<PeerRefusedException> refusals;

    FabricTrustManager(FabricTrust trust, Consumer<PeerRefusedException> refusals) {
        this.trust = trust;
        this.refusals = refusals;
        this.pkix = pkix(trust);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkClientTrusted(chain, authType);
        checkIdentity(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkServerTrusted(chain, authType);
        checkIdentity(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }

    private void checkIdentity(X509Certificate[] chain) throws CertificateException {
        try {
            trust.check(chain[0]);
        } catch (PeerRefusedException e) {
            // The TLS stack reports only "certificate verify failed"; the reason is kept here.
            refusals.accept(e);
            throw e.asCertificateException();
        }
    }

    private static X509TrustManager pkix(FabricTrust trust) {
        try {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            for (int i = 0; i < trust.anchors().size(); i++) {
                anchors.setCertificateEntry("cluster-ca-" + i, trust.anchors().get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(anchors);
            for (var manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("the JDK offers no X.509 trust manager");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the fabric trust manager", e);
        }
    }
}
