package dev.vigil.core.tls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;

/** TLS contexts that verify peers: against the system trust store, or against the CAs of one PEM file. */
public final class TlsTrust {
    private TlsTrust() {
    }

    /** A context trusting only the certificates in {@code caFile} (PEM, one or more), or the system store when null. */
    public static SSLContext context(Path caFile) throws IOException, GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        if (caFile == null) {
            ctx.init(null, null, null);
            return ctx;
        }
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            int i = 0;
            for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca-" + i++, cert);
            }
            if (i == 0) {
                throw new GeneralSecurityException("no certificate in " + caFile);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
