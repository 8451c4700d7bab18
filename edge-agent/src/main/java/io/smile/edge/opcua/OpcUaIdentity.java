package io.smile.edge.opcua;

import io.smile.edge.EdgeAgentException;
import io.smile.edge.state.KeyStore;
import io.smile.edge.state.StateFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's OPC UA application identity and server trust, in {@code <state-dir>/opcua/}
 * (directory 0700):
 * <ul>
 *   <li>{@code client-key.der} (PKCS#8, 0600; refused if group/others may access it) and
 *       {@code client-cert.der}: an RSA-2048 self-signed application certificate, created on first
 *       use, whose application URI is {@code urn:smile:edge-agent:<gateway>};</li>
 *   <li>{@code trusted-server.der}: the server certificate, pinned on the first successful
 *       connection (trust on first use). A server presenting another certificate later is refused
 *       until this file is deleted (or replaced by the expected certificate).</li>
 * </ul>
 */
public final class OpcUaIdentity {
    private static final Logger LOG = LoggerFactory.getLogger(OpcUaIdentity.class);

    final KeyPair keyPair;
    final X509Certificate certificate;
    private final Path trustedServer;

    private OpcUaIdentity(KeyPair keyPair, X509Certificate certificate, Path trustedServer) {
        this.keyPair = keyPair;
        this.certificate = certificate;
        this.trustedServer = trustedServer;
    }

    public static OpcUaIdentity loadOrCreate(Path dir, String applicationUri, String commonName) {
        try {
            StateFiles.createPrivateDirectory(dir);
            Path keyFile = dir.resolve("client-key.der");
            Path certFile = dir.resolve("client-cert.der");
            if (!Files.exists(keyFile) || !Files.exists(certFile)) {
                KeyPair kp = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
                X509Certificate cert = new SelfSignedCertificateBuilder(kp)
                        .setCommonName(commonName)
                        .setOrganization("SMiLe")
                        .setApplicationUri(applicationUri)
                        .addDnsName("localhost")
                        .build();
                StateFiles.writeAtomically(keyFile, kp.getPrivate().getEncoded());
                StateFiles.writeAtomically(certFile, cert.getEncoded());
                LOG.info("created the OPC UA client certificate {} (thumbprint {})", certFile, thumbprint(cert));
                return new OpcUaIdentity(kp, cert, dir.resolve("trusted-server.der"));
            }
            if (StateFiles.posix(dir)) {
                KeyStore.checkPermissions(keyFile);
            }
            X509Certificate cert = certificate(Files.readAllBytes(certFile));
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(keyFile)));
            return new OpcUaIdentity(new KeyPair(cert.getPublicKey(), key), cert, dir.resolve("trusted-server.der"));
        } catch (EdgeAgentException e) {
            throw e;
        } catch (Exception e) {
            throw new EdgeAgentException("cannot load or create the OPC UA client certificate in " + dir + ": " + e, e);
        }
    }

    private static X509Certificate certificate(byte[] der) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    static String thumbprint(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            return "?";
        }
    }

    /** Pins the server certificate on first use; afterwards accepts only that certificate (and only while valid). */
    CertificateValidator serverValidator() {
        return (List<X509Certificate> chain, String applicationUri, String[] hostnames) -> {
            if (chain == null || chain.isEmpty()) {
                throw new UaException(StatusCodes.Bad_SecurityChecksFailed, "the server sent no certificate");
            }
            X509Certificate server = chain.get(0);
            try {
                server.checkValidity();
            } catch (CertificateException e) {
                throw new UaException(StatusCodes.Bad_CertificateTimeInvalid, "server certificate not valid now: " + e.getMessage());
            }
            try {
                if (!Files.exists(trustedServer)) {
                    StateFiles.writeAtomically(trustedServer, server.getEncoded());
                    LOG.warn("OPC UA: trusting the server certificate {} (SHA-256 {}) on first use; pinned in {}",
                            server.getSubjectX500Principal().getName(), thumbprint(server), trustedServer);
                    return;
                }
                if (!Arrays.equals(Files.readAllBytes(trustedServer), server.getEncoded())) {
                    LOG.error("OPC UA: the server presents certificate SHA-256 {}, not the one pinned in {}; refusing"
                            + " to connect (delete that file to trust the new certificate)", thumbprint(server), trustedServer);
                    throw new UaException(StatusCodes.Bad_SecurityChecksFailed,
                            "server certificate differs from the pinned one in " + trustedServer);
                }
            } catch (IOException | CertificateException e) {
                throw new UaException(StatusCodes.Bad_SecurityChecksFailed, "cannot check the server certificate: " + e);
            }
        };
    }
}
