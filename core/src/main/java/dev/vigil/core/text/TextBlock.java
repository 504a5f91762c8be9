package dev.vigil.core.text;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Consumer;

/** Text written line by line to a PrintWriter, as one string: how a result builds its table view. */
public final class TextBlock {
    private TextBlock() {
    }

    public static String of(Consumer<PrintWriter> body) {
        StringWriter w = new StringWriter();
        PrintWriter p = new PrintWriter(w);
        body.accept(p);
        p.flush();
        return w.toString();
    }
}
