package io.smile.edge;

import io.smile.edge.state.IdentityStore;
import io.smile.edge.state.KeyStore;
import io.smile.he.api.HeBackend;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeSession;
import io.smile.pdm.model.FeatureEncoding;
import io.smile.pdm.model.SlotLayout;
import io.smile.profiles.GatewaySpec;
import io.smile.protocol.GatewayIdentity;
import io.smile.protocol.KeyRegistration;
import java.nio.file.Path;

/**
 * The registration step and the gateway's encryption for one agent run: opens the BGV session for
 * the gateway profile's parameters, loads (or on first start generates) the gateway's keys from
 * the key store, and encodes the {@link KeyRegistration} the cloud needs to evaluate on its
 * ciphertexts, signed by the gateway's identity ({@link IdentityStore}). {@link #close()} wipes the key from memory. Only the registration (public material)
 * leaves this object.
 */
final class GatewayCrypto implements AutoCloseable {
    final HeSession session;
    final HeKeyOwner owner;
    /** Where the windows go in this session's ciphertexts, and where their scores come back. */
    final SlotLayout layout;
    /** The encoded registration, published (retained) on every MQTT (re)connect. */
    final byte[] registration;
    /** The gateway's long-term identity: signs the registration and every feature batch. */
    final GatewayIdentity identity;

    private GatewayCrypto(HeSession session, HeKeyOwner owner, SlotLayout layout, byte[] registration,
                          GatewayIdentity identity) {
        this.identity = identity;
        this.session = session;
        this.owner = owner;
        this.layout = layout;
        this.registration = registration;
    }

    /**
     * @param keyDir the key store directory ({@code <state-dir>/keys})
     * @throws EdgeAgentException if the parameters do not fit the encoding or the key store is unusable
     */
    static GatewayCrypto open(String backend, String tenant, GatewaySpec gateway, FeatureEncoding encoding, Path keyDir) {
        HeSession session = HeBackend.byName(backend).open(EdgeAgent.parameterSpec(gateway));
        HeKeyOwner owner = null;
        try {
            int blockSize = encoding.blockSize();
            if (session.rowSize() % blockSize != 0) {
                // a block must not straddle two rows: the scorer's rotations stay inside a row
                throw new EdgeAgentException("block size " + blockSize + " does not divide the row size " + session.rowSize());
            }
            SlotLayout layout = SlotLayout.of(encoding, session.slotCount());
            KeyStore.Keys keys = KeyStore.loadOrCreate(session, keyDir, layout.rotationSteps());
            owner = keys.owner();
            // signed by the gateway's long-term identity: the cloud pins it, so no one else can re-register us
            GatewayIdentity identity = IdentityStore.loadOrCreate(keyDir);
            // the public and evaluation keys are not kept: the registration holds them, once
            byte[] registration = KeyRegistration.signed(identity, tenant, gateway.id(), blockSize, System.currentTimeMillis(),
                    session.exportParameters(), keys.publicKey(), keys.evaluationKeys()).encode();
            return new GatewayCrypto(session, owner, layout, registration, identity);
        } catch (RuntimeException e) {
            if (owner != null) {
                owner.close();
            }
            session.close();
            throw e;
        }
    }

    @Override
    public void close() {
        owner.close();
        session.close();
    }
}
