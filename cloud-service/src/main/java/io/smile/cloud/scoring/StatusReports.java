package io.smile.cloud.scoring;

import io.smile.cloud.intake.Publisher;
import io.smile.cloud.intake.Reason;
import io.smile.protocol.GatewayStatus;
import io.smile.protocol.ProtocolException;
import io.smile.protocol.TenantTopic;
import io.smile.protocol.Topics;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Publishes the cloud's view of a gateway on {@link Topics#status} ({@link GatewayStatus}): after
 * every registration it processed ("registered", with the SHA-256 of the registration it holds and
 * of the pinned identity), after a refused registration, and after a refused batch the gateway must
 * act on ({@code bad-signature}, {@code unknown-gateway}; named by sequence and digest).
 *
 * <p>Retained only while the cloud holds keys of that gateway under that tenant (registered, or a
 * refused registration, which carries the keys that stay); batch refusals and anything about a
 * gateway it holds no keys for are plain QoS 1 messages (the gateway's persistent session gets them),
 * so no one can make the cloud leave retained messages on the topics of gateways that do not exist.
 * A status never carries another tenant's key digests. Failures to publish are logged at DEBUG: a
 * status is a hint, the gateway's own timers are what make it retry.
 */
public final class StatusReports {
    private static final Logger LOG = Logger.getLogger(StatusReports.class);

    private final GatewayRegistry gateways;
    private final Publisher publisher;
    private final LongSupplier clock;

    public StatusReports(GatewayRegistry gateways, Publisher publisher, LongSupplier clock) {
        this.gateways = gateways;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** The held registration and pinned identity digests of the gateway under that tenant (empty, empty if none). */
    private byte[][] held(String tenant, String gateway) {
        Optional<GatewayRegistry.Gateway> g = gateways.find(gateway).filter(x -> x.tenant().equals(tenant));
        if (g.isEmpty()) {
            return new byte[][] {new byte[0], new byte[0]};
        }
        return new byte[][] {g.get().keys().hash().clone(), GatewayStatus.digestOf(g.get().state().identity())};
    }

    /** After a registration was processed (new, replaced or unchanged): retained. */
    public void registered(String tenant, String gateway) {
        byte[][] h = held(tenant, gateway);
        if (h[0].length == 0) {
            return; // removed meanwhile
        }
        send(tenant, gateway, GatewayStatus.registered(gateway, h[0], h[1], clock.getAsLong()), true);
    }

    /** After a registration on {@code smile/tenant/gateway/keys} was refused. */
    public void registrationRefused(String tenant, String gateway, Reason reason) {
        if (!validIds(tenant, gateway)) {
            return; // no topic to answer on
        }
        byte[][] h = held(tenant, gateway);
        send(tenant, gateway, GatewayStatus.registrationRefused(gateway, reason.wire(), h[0], h[1], clock.getAsLong()),
                h[0].length != 0);
    }

    /** After the batch {@code payload} (sequence {@code sequence}) received on {@code topic} was refused. */
    public void batchRefused(String topic, long sequence, byte[] payload, Reason reason) {
        TenantTopic parts;
        try {
            parts = TenantTopic.parse(topic);
        } catch (ProtocolException e) {
            return;
        }
        byte[][] h = held(parts.tenant(), parts.id());
        send(parts.tenant(), parts.id(), GatewayStatus.batchRefused(parts.id(), sequence, GatewayStatus.digestOf(payload),
                reason.wire(), h[0], h[1], clock.getAsLong()), false);
    }

    private void send(String tenant, String gateway, GatewayStatus status, boolean retained) {
        String topic = Topics.status(tenant, gateway);
        try {
            byte[] bytes = status.encode();
            if (retained) {
                publisher.publishRetained(topic, bytes);
            } else {
                publisher.publish(topic, bytes);
            }
        } catch (Exception e) {
            LOG.debugf("status %s of gateway %s not published: %s", status.kind(), gateway, e.toString());
        }
    }

    private static boolean validIds(String tenant, String gateway) {
        return tenant != null && gateway != null && Topics.ID.matcher(tenant).matches() && Topics.ID.matcher(gateway).matches();
    }
}
