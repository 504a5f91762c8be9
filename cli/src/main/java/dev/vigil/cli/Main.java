package dev.vigil.cli;

/** The process entry point: everything else goes through {@link Vigil#run}, which tests call directly. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = Vigil.run(System.out, System.err, System.getenv(), args);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }
}
