package io.smile.simulator;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultServerCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/**
 * The simulator's application instance certificate: an RSA-2048 key pair and a self-signed
 * certificate made at every start, valid for localhost, 127.0.0.1 and the advertised host name,
 * and the Milo certificate manager that serves it and checks client certificates.
 */
record ServerCertificate(KeyPair keyPair, X509Certificate certificate) {

    /** A new key pair and self-signed certificate for {@code applicationUri}, naming {@code hostname} too. */
    static ServerCertificate generate(String applicationUri, String hostname) throws Exception {
        KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        SelfSignedCertificateBuilder builder = new SelfSignedCertificateBuilder(keyPair)
                .setCommonName("SMiLe machine simulator")
                .setOrganization("SMiLe")
                .setApplicationUri(applicationUri)
                .addDnsName("localhost")
                .addIpAddress("127.0.0.1");
        if (isIpAddress(hostname)) {
            if (!"127.0.0.1".equals(hostname)) {
                builder.addIpAddress(hostname);
            }
        } else if (!"localhost".equals(hostname)) {
            builder.addDnsName(hostname);
        }
        return new ServerCertificate(keyPair, builder.build());
    }

    /**
     * The certificate manager of the server: it hands out this certificate (never a new one) and
     * accepts the given client certificates only, or any client certificate when none are given
     * (the simulator's documented default for a local demo).
     */
    DefaultCertificateManager certificateManager(List<X509Certificate> trustedClients) throws Exception {
        MemoryTrustListManager trustList = new MemoryTrustListManager();
        trustedClients.forEach(trustList::addTrustedCertificate);
        MemoryCertificateQuarantine quarantine = new MemoryCertificateQuarantine();
        CertificateValidator validator = trustedClients.isEmpty()
                ? (chain, uri, hostnames) -> { }
                : new DefaultServerCertificateValidator(trustList, quarantine);
        DefaultApplicationGroup group = DefaultApplicationGroup.createAndInitialize(trustList,
                new MemoryCertificateStore(), new RsaSha256CertificateFactory() {
                    @Override
                    protected KeyPair createRsaSha256KeyPair() {
                        return keyPair;
                    }

                    @Override
                    protected X509Certificate[] createRsaSha256CertificateChain(KeyPair kp) {
                        return new X509Certificate[] {certificate};
                    }
                }, validator);
        return new DefaultCertificateManager(quarantine, group);
    }

    private static boolean isIpAddress(String host) {
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || host.contains(":");
    }
}
