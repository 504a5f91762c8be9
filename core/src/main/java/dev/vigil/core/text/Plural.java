package dev.vigil.core.text;

/** "1 node", "2 nodes", "0 generations": a count and its noun, in English. */
public final class Plural {
    private Plural() {
    }

    public static String of(long n, String noun) {
        return n + " " + (n == 1 ? noun : noun + "s");
    }
}
