package io.smile.he.helib;

import io.smile.he.api.HeBackend;
import io.smile.he.api.HeException;
import io.smile.he.api.HeParameterSpec;

/** Run in a child JVM without the native library: lists backends, then tries to open helib. */
public final class MissingLibraryProbe {
    private MissingLibraryProbe() {
    }

    public static void main(String[] args) {
        System.out.println("listed: " + HeBackend.available().stream().map(HeBackend::name).toList());
        try {
            HeBackend.byName("helib").open(HeParameterSpec.preset("N8192_DEPTH3"));
            System.out.println("opened");
        } catch (HeException e) {
            System.out.println("refused: " + e.getMessage());
        }
    }
}
