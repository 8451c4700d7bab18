package io.smile.cloud;

import io.smile.he.api.HeBackend;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeSession;
import io.smile.pdm.model.Ai4iFeatures;
import io.smile.pdm.model.SlotLayout;
import io.smile.pdm.model.PdmParameters;
import io.smile.protocol.GatewayIdentity;
import io.smile.protocol.KeyRegistration;

/**
 * One key set of the real job parameters ({@link PdmParameters}, rotation keys for the model's
 * block), generated once per JVM and shared by every test gateway (key generation and export take
 * seconds). Gateways may register the same public material under different ids.
 */
public final class TestKeys {
    private static TestKeys instance;

    public final HeSession session;
    public final HeKeyOwner owner;
    public final byte[] parameters;
    public final byte[] publicKey;
    public final byte[] evaluationKeys;
    /** The identity every test gateway signs with unless a test gives another (pins are per gateway id). */
    public final GatewayIdentity identity = GatewayIdentity.generate();

    private TestKeys() {
        session = HeBackend.byName("bgv-java").open(PdmParameters.spec());
        owner = session.generateKeys(SlotLayout.rotationSteps(Ai4iFeatures.ENCODING.blockSize()));
        parameters = session.exportParameters();
        publicKey = owner.exportPublicKey();
        evaluationKeys = owner.exportEvaluationKeys();
    }

    public static synchronized TestKeys get() {
        if (instance == null) {
            instance = new TestKeys();
        }
        return instance;
    }

    public KeyRegistration registration(String tenant, String gateway) {
        return registration(tenant, gateway, identity);
    }

    /** A registration of these keys signed by {@code signer}. */
    public KeyRegistration registration(String tenant, String gateway, GatewayIdentity signer) {
        return KeyRegistration.signed(signer, tenant, gateway, Ai4iFeatures.ENCODING.blockSize(), System.currentTimeMillis(),
                parameters, publicKey, evaluationKeys);
    }
}
