package io.smile.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The launcher's token hash is the cloud's definition of {@code smile.api.tokens.NAME.sha256}:
 * {@code printf %s "$token" | sha256sum} (cloud-service ApiTokens), over the token's UTF-8 bytes.
 */
class CloudProcessTest {
    @Test
    void tokenHashIsSha256sumOfTheUtf8Token() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", CloudProcess.sha256Hex("abc"));
        assertEquals("b93dbdf3829a01b5343d1154b15231d5a7a2161aaff9e05dab001b2c1a498f13", CloudProcess.sha256Hex("jeton-\u00e9"));
    }
}
