package io.smile.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemGenerationException;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority for demos and tests on one machine: it issues a broker
 * certificate for the loopback address and client certificates (mutual TLS), and writes them as
 * PKCS#12 files (HiveMQ, Paho, the JDK) or PEM files (Mosquitto).
 *
 * <p>Keys are ECDSA P-256 from {@link SecureRandom}; certificates are valid for a short, chosen
 * time. The CA's private key lives only in this object; nothing here is meant for a production
 * PKI, where the operator's own CA issues the broker and gateway certificates.
 */
public final class LocalCa {
    private static final String SIGNATURE = "SHA256withECDSA";

    private final SecureRandom random = new SecureRandom();
    private final KeyPair caKeys;
    private final X509Certificate caCert;
    private final Duration validity;

    private LocalCa(String name, Duration validity) {
        this.validity = validity;
        this.caKeys = newKeyPair();
        X500Name subject = new X500Name("CN=" + name);
        this.caCert = sign(new JcaX509v3CertificateBuilder(subject, serial(), notBefore(), notAfter(), subject,
                caKeys.getPublic()), builder -> {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(caKeys.getPublic()));
        });
    }

    /**
     * A new CA with a fresh key.
     *
     * @param name     the CA's common name
     * @param validity how long it and the certificates it issues are valid (from one minute ago,
     *                 to tolerate small clock differences)
     */
    public static LocalCa create(String name, Duration validity) {
        Objects.requireNonNull(name, "name");
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive, got " + validity);
        }
        return new LocalCa(name, validity);
    }

    /** The CA certificate (what clients and the broker trust). */
    public X509Certificate certificate() {
        return caCert;
    }

    /** Writes a PKCS#12 trust store holding only the CA certificate. */
    public Path writeTruststore(Path file, char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("smile-ca", caCert);
            return store(ks, file, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write the trust store " + file, e);
        }
    }

    /**
     * Issues a TLS server certificate (for the broker) naming {@code hosts} (IP addresses or DNS
     * names) and writes it, its key and the CA certificate as a PKCS#12 key store.
     */
    public Path issueServer(Path file, char[] password, String commonName, List<String> hosts) {
        return writeKeyStore(server(commonName, hosts), file, password, commonName);
    }

    /**
     * Issues a TLS server certificate like {@link #issueServer} and writes it and its key as PEM
     * files (for brokers built on OpenSSL, such as Mosquitto).
     */
    public void issueServerPem(Path certFile, Path keyFile, String commonName, List<String> hosts) {
        Issued issued = server(commonName, hosts);
        writePem(certFile, issued.cert());
        try {
            writePem(keyFile, new JcaPKCS8Generator(issued.keys().getPrivate(), null)); // unencrypted PKCS#8, as OpenSSL reads it
        } catch (PemGenerationException e) {
            throw new IllegalStateException("cannot encode the key for " + keyFile, e);
        }
    }

    /** Writes the CA certificate as a PEM file. */
    public Path writeCertificatePem(Path file) {
        writePem(file, caCert);
        return file;
    }

    /** Issues a TLS client certificate (a gateway's or a service's MQTT identity) as a PKCS#12 key store. */
    public Path issueClient(Path file, char[] password, String commonName) {
        return writeKeyStore(issue(commonName, KeyPurposeId.id_kp_clientAuth, null), file, password, commonName);
    }

    private record Issued(KeyPair keys, X509Certificate cert) {
    }

    private Issued server(String commonName, List<String> hosts) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one host name or address");
        }
        List<GeneralName> names = new ArrayList<>();
        for (String h : hosts) {
            names.add(new GeneralName(looksLikeIp(h) ? GeneralName.iPAddress : GeneralName.dNSName, h));
        }
        return issue(commonName, KeyPurposeId.id_kp_serverAuth, new GeneralNames(names.toArray(GeneralName[]::new)));
    }

    private Issued issue(String commonName, KeyPurposeId purpose, GeneralNames altNames) {
        KeyPair keys = newKeyPair();
        X509Certificate cert = sign(new JcaX509v3CertificateBuilder(caCert, serial(), notBefore(), notAfter(),
                new X500Name("CN=" + commonName), keys.getPublic()), builder -> {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(caCert));
            if (altNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, altNames);
            }
        });
        return new Issued(keys, cert);
    }

    private Path writeKeyStore(Issued issued, Path file, char[] password, String alias) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(alias, issued.keys().getPrivate(), password, new Certificate[] {issued.cert(), caCert});
            return store(ks, file, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write the key store " + file, e);
        }
    }

    private static void writePem(Path file, Object object) {
        try {
            createPrivateFile(file);
            try (JcaPEMWriter w = new JcaPEMWriter(Files.newBufferedWriter(file, StandardCharsets.US_ASCII,
                    StandardOpenOption.TRUNCATE_EXISTING))) {
                w.writeObject(object);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }

    @FunctionalInterface
    private interface Extensions {
        void add(X509v3CertificateBuilder builder) throws IOException, GeneralSecurityException;
    }

    private X509Certificate sign(X509v3CertificateBuilder builder, Extensions extensions) {
        try {
            extensions.add(builder);
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(SIGNATURE).build(caKeys.getPrivate())));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a certificate", e);
        }
    }

    private KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC P-256 key generator in this JVM", e);
        }
    }

    private BigInteger serial() {
        return new BigInteger(127, random).add(BigInteger.ONE);
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofMinutes(1)));
    }

    private Date notAfter() {
        return Date.from(Instant.now().plus(validity));
    }

    private static boolean looksLikeIp(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    /** Writes the store readable by the owner only where the file system supports it (it holds a private key). */
    private static Path store(KeyStore ks, Path file, char[] password) throws IOException, GeneralSecurityException {
        createPrivateFile(file);
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING)) {
            ks.store(out, password);
        }
        return file;
    }

    private static void createPrivateFile(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
    }
}
