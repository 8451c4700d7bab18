package io.smile.federation;

import io.smile.he.bgv.Encryptor;
import java.util.ArrayList;
import java.util.List;

/**
 * Member, each round: asks the job for its contribution, checks it against the job's width and
 * bound (a value above the bound is never encrypted), encrypts it under the collective public key
 * and publishes it. Keeps the ciphertexts sent, which the member later finds, unaltered, in the
 * aggregate it is asked to decrypt.
 */
final class MemberContribution {
    private final MemberChannel ch;
    private final FederatedJob job;
    private List<byte[]> sent;
    private byte[] sentEnvelope;

    MemberContribution(MemberChannel ch, FederatedJob job) {
        this.ch = ch;
        this.job = job;
    }

    /** Publishes this member's contribution to {@code round}; false if the job sits the round out. */
    boolean encryptAndPublish(int round, long[] previousSum, Encryptor encryptor) {
        sent = null;
        sentEnvelope = null;
        long[] c = job.contribution(round, previousSum);
        if (c == null) {
            ch.log.accept("member " + ch.id + ": sits out round " + round);
            return false;
        }
        if (c.length != job.width()) {
            throw new IllegalStateException("job gave " + c.length + " values, width is " + job.width());
        }
        long bound = job.maxAbsValue();
        for (int i = 0; i < c.length; i++) {
            if (c[i] > bound || c[i] < -bound) {
                throw new IllegalStateException("contribution entry " + i + " = " + c[i] + " exceeds maxAbsValue " + bound);
            }
        }
        List<byte[]> cts = new ArrayList<>();
        for (long[] chunk : Slots.split(c, ch.ctx.parameters().slotCount())) {
            cts.add(ch.ser.writeCiphertext(encryptor.encrypt(ch.ctx.encoder().encode(chunk))));
        }
        sent = cts;
        // signed for this round and this collective key: it cannot be replayed into another round or federation
        sentEnvelope = ch.publish(ch.topics.contribution(round, ch.id), Envelope.Kind.CONTRIBUTION, round, 0, ch.keyHash,
                Payloads.list(cts));
        return true;
    }

    /** Nothing was sent this round (sat out, failed, or crashed before sending). */
    void none() {
        sent = null;
        sentEnvelope = null;
    }

    /** The signed CONTRIBUTION message sent this round, byte for byte; null if none. */
    byte[] sentEnvelope() {
        return sentEnvelope;
    }

    /** The ciphertexts sent this round; null if none. */
    List<byte[]> sent() {
        return sent;
    }
}
