package io.smile.edge;

/** Log-line helpers shared by the agent's packages. */
public final class Failures {
    private Failures() {
    }

    /** The innermost cause as {@code SimpleName: message}: what an operator needs in a one-line log. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
