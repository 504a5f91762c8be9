package dev.vigil.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One vigil command run in-process with a state dir and a config file of its own: exit code and both streams. */
record InProcess(int code, String out, String err) {
    static InProcess run(Path stateDir, Path config, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--state-dir", stateDir.toString(), "-c", config.toString(), "--progress", "none"));
        all.addAll(List.of(args));
        int code = Vigil.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8), Map.of(),
                all.toArray(new String[0]));
        return new InProcess(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }
}
