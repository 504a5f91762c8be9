package dev.vigil.core.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An OpenSSH client config resolved for one host as {@code ssh -G} resolves it, for the settings Vigil
 * uses: {@code HostName}, {@code User}, {@code Port}, {@code IdentityFile}, {@code ProxyJump} and
 * {@code ProxyCommand}.
 * <ul>
 * <li>{@code Host} patterns ({@code *}, {@code ?}, {@code !negated}) match the alias as typed, case-sensitively.</li>
 * <li>{@code Include} (several paths, globs in any component, ~; relative ones under ~/.ssh) is read in place,
 * conditional on the block it is in, up to 16 levels deep.</li>
 * <li>{@code Match} criteria {@code all}, {@code host} (the HostName once set), {@code originalhost},
 * {@code user} (the remote user so far), {@code localuser}, {@code final} and {@code canonical} (both true in
 * the second pass, which {@code Match final} asks for), each negatable with {@code !}. Vigil does not run
 * commands to decide a block: {@code Match exec}, and {@code localnetwork}, {@code tagged}, {@code command},
 * {@code version}, {@code sessiontype}, are refused with the file and line.</li>
 * <li>The first value obtained wins; IdentityFile accumulates (duplicates once); ProxyJump and ProxyCommand
 * exclude each other as in OpenSSH ({@code none} of either ends the search for it).</li>
 * <li>{@code %h} in HostName is the alias; the HostName is lower-cased, as ssh does.</li>
 * </ul>
 * Parsing is pure apart from reading the files named by Include; resolution is pure.
 */
public final class SshConfigFile {
    private static final int MAX_INCLUDE_DEPTH = 16;
    private static final Set<String> UNSUPPORTED_MATCH = Set.of("exec", "localnetwork", "tagged", "command", "version", "sessiontype");

    private sealed interface Line permits Option, HostLine, MatchLine, Include {
    }

    private record Option(String key, String value) implements Line {
    }

    private record HostLine(List<String> patterns) implements Line {
    }

    private record MatchLine(List<String[]> criteria, String where) implements Line {
    }

    private record Include(List<List<Line>> files) implements Line {
    }

    /** The settings that apply to one host; null where the file says nothing. Identity files as written (unexpanded). */
    public record HostConfig(String hostName, String user, Integer port, List<String> identityFiles, String proxyJump,
                             String proxyCommand) {
        public static final HostConfig EMPTY = new HostConfig(null, null, null, List.of(), null, null);

        public HostConfig(String hostName, String user, Integer port, List<String> identityFiles, String proxyJump) {
            this(hostName, user, port, identityFiles, proxyJump, null);
        }
    }

    private final List<Line> lines;

    private SshConfigFile(List<Line> lines) {
        this.lines = lines;
    }

    /** A config text whose relative Includes would be under ~/.ssh of the running user. */
    public static SshConfigFile parse(String text) {
        return parse(text, "ssh config", Path.of(System.getProperty("user.home"), ".ssh"));
    }

    /**
     * @param where  how errors name the text (its file)
     * @param sshDir where relative Include paths are looked for (~/.ssh)
     * @throws IllegalArgumentException with file and line for a malformed line
     */
    public static SshConfigFile parse(String text, String where, Path sshDir) {
        return new SshConfigFile(parseLines(text, where, sshDir, 0));
    }

    /** Reads and parses a config file and everything it includes. */
    public static SshConfigFile load(Path file, Path sshDir) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString(), sshDir);
    }

    private static List<Line> parseLines(String text, String where, Path sshDir, int depth) {
        List<Line> out = new ArrayList<>();
        String[] raw = text.split("\r?\n", -1);
        for (int i = 0; i < raw.length; i++) {
            String line = raw[i].strip();
            String at = where + " line " + (i + 1);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] kv = line.split("\\s*=\\s*|\\s+", 2);
            String key = kv[0].toLowerCase(Locale.ROOT);
            String value = kv.length > 1 ? kv[1].strip() : "";
            switch (key) {
                case "host" -> out.add(new HostLine(words(value)));
                case "match" -> out.add(new MatchLine(criteria(value, at), at));
                case "include" -> {
                    if (depth >= MAX_INCLUDE_DEPTH) {
                        throw new IllegalArgumentException(at + ": Include nested more than " + MAX_INCLUDE_DEPTH + " deep");
                    }
                    List<List<Line>> files = new ArrayList<>();
                    for (String pattern : words(value)) {
                        for (Path p : glob(pattern, sshDir, at)) {
                            String included;
                            try {
                                included = Files.readString(p, StandardCharsets.UTF_8);
                            } catch (IOException e) {
                                throw new IllegalArgumentException(at + ": cannot read included " + p + ": " + e.getMessage());
                            }
                            files.add(parseLines(included, p.toString(), sshDir, depth + 1));
                        }
                    }
                    out.add(new Include(files));
                }
                default -> out.add(new Option(key, unquote(value)));
            }
        }
        return out;
    }

    /** Words separated by white space, double quotes keeping a word together, as OpenSSH's argv_split. */
    private static List<String> words(String value) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean in = false;
        for (char c : value.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                in = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (in) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    in = false;
                }
            } else {
                cur.append(c);
                in = true;
            }
        }
        if (in) {
            out.add(cur.toString());
        }
        return out;
    }

    private static List<String[]> criteria(String value, String at) {
        List<String> w = words(value);
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < w.size(); i++) {
            String c = w.get(i);
            boolean negated = c.startsWith("!");
            String name = (negated ? c.substring(1) : c).toLowerCase(Locale.ROOT);
            if (name.equals("all") || name.equals("final") || name.equals("canonical")) {
                out.add(new String[] {c.toLowerCase(Locale.ROOT), null});
                continue;
            }
            if (UNSUPPORTED_MATCH.contains(name)) {
                throw new IllegalArgumentException(at + ": Match " + name + " is not supported by Vigil (it supports Match all, host,"
                        + " originalhost, user, localuser, final and canonical); resolve it in a config file for Vigil (--ssh-config)");
            }
            if (!Set.of("host", "originalhost", "user", "localuser").contains(name)) {
                throw new IllegalArgumentException(at + ": unsupported Match attribute '" + name + "'");
            }
            if (i + 1 >= w.size()) {
                throw new IllegalArgumentException(at + ": Match " + name + " needs a pattern list");
            }
            out.add(new String[] {c.toLowerCase(Locale.ROOT), w.get(++i)});
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(at + ": Match needs criteria (e.g. Match all)");
        }
        return out;
    }

    /** glob(3) with a leading ~ expanded: each component may hold * ? [..]; matches sorted by name; dot files only for a dot pattern. */
    private static List<Path> glob(String pattern, Path sshDir, String at) {
        String expanded = pattern.equals("~") || pattern.startsWith("~/") ? System.getProperty("user.home") + pattern.substring(1) : pattern;
        Path full = Path.of(expanded).isAbsolute() ? Path.of(expanded) : sshDir.resolve(expanded);
        List<Path> current = List.of(full.getRoot() == null ? Path.of("") : full.getRoot());
        for (Path component : full) {
            String c = component.toString();
            List<Path> next = new ArrayList<>();
            for (Path base : current) {
                if (!c.matches(".*[*?\\[].*")) {
                    next.add(base.resolve(c));
                    continue;
                }
                if (!Files.isDirectory(base)) {
                    continue;
                }
                PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + c);
                try (Stream<Path> s = Files.list(base)) {
                    s.filter(p -> m.matches(p.getFileName()) && (c.startsWith(".") || !p.getFileName().toString().startsWith(".")))
                            .sorted().forEach(next::add);
                } catch (IOException e) {
                    throw new IllegalArgumentException(at + ": cannot list " + base + ": " + e.getMessage());
                }
            }
            current = next;
        }
        // a path that does not exist is skipped, as glob(3) finds nothing
        return current.stream().filter(Files::isRegularFile).toList();
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    /** Resolves for an alias, the local user being the running one. */
    public HostConfig resolve(String host) {
        return resolve(host, System.getProperty("user.name"));
    }

    /** @throws IllegalArgumentException when a Port is not a number */
    public HostConfig resolve(String alias, String localUser) {
        State st = new State(alias, localUser);
        walk(lines, st, true, false, false);
        if (st.wantFinal) {
            walk(lines, st, true, false, true);
        }
        String hostName = st.first.get("hostname") == null ? null : currentHost(st).toLowerCase(Locale.ROOT);
        Integer port = null;
        if (st.first.get("port") != null) {
            try {
                port = Integer.valueOf(st.first.get("port"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("ssh config: Port '" + st.first.get("port") + "' for " + alias + " is not a number");
            }
        }
        String jump = st.jump == null || st.jump.equalsIgnoreCase("none") ? null : st.jump;
        String command = st.command == null || st.command.equalsIgnoreCase("none") ? null : st.command;
        return new HostConfig(hostName, st.first.get("user"), port, List.copyOf(st.identities), jump, command);
    }

    private static final class State {
        final String alias;
        final String localUser;
        final Map<String, String> first = new LinkedHashMap<>();
        final List<String> identities = new ArrayList<>();
        String jump;
        String command;
        boolean wantFinal;

        State(String alias, String localUser) {
            this.alias = alias;
            this.localUser = localUser;
        }
    }

    /** Applies the options of the blocks that match; an Include restores the active state it was read in. */
    private static void walk(List<Line> lines, State st, boolean active, boolean neverMatch, boolean finalPass) {
        for (Line l : lines) {
            if (l instanceof HostLine h) {
                active = !neverMatch && hostMatches(h.patterns(), st.alias);
            } else if (l instanceof MatchLine m) {
                active = !neverMatch && matches(m, st, finalPass);
            } else if (l instanceof Include inc) {
                boolean saved = active;
                for (List<Line> file : inc.files()) {
                    walk(file, st, active, neverMatch || !saved, finalPass);
                    active = saved;
                }
            } else if (l instanceof Option o && active) {
                apply(o, st);
            }
        }
    }

    private static void apply(Option o, State st) {
        switch (o.key()) {
            case "identityfile" -> {
                if (!st.identities.contains(o.value())) {
                    st.identities.add(o.value());
                }
            }
            case "proxyjump" -> {
                if (st.jump == null && st.command == null) {
                    st.jump = o.value();
                }
            }
            case "proxycommand" -> {
                if (st.command == null && (st.jump == null || st.jump.equalsIgnoreCase("none"))) {
                    st.command = o.value();
                }
            }
            default -> st.first.putIfAbsent(o.key(), o.value());
        }
    }

    private static boolean matches(MatchLine m, State st, boolean finalPass) {
        boolean all = true;
        for (String[] c : m.criteria()) {
            boolean negated = c[0].startsWith("!");
            String name = negated ? c[0].substring(1) : c[0];
            boolean r;
            switch (name) {
                case "all" -> r = true;
                case "final", "canonical" -> {
                    if (name.equals("final") && !finalPass) {
                        st.wantFinal = true;
                    }
                    r = finalPass;
                }
                case "host" -> r = patternList(c[1], currentHost(st), true);
                case "originalhost" -> r = patternList(c[1], st.alias, true);
                case "user" -> r = patternList(c[1], st.first.getOrDefault("user", st.localUser), false);
                case "localuser" -> r = patternList(c[1], st.localUser, false);
                default -> throw new IllegalStateException(name);
            }
            if (negated) {
                r = !r;
            }
            // every criterion is evaluated (a later "final" must still ask for the second pass)
            all &= r;
        }
        return all;
    }

    /** What {@code Match host} looks at: the HostName obtained so far (%h expanded), else the alias; matched case-insensitively. */
    private static String currentHost(State st) {
        String h = st.first.get("hostname");
        return h == null ? st.alias : h.replace("%h", st.alias).replace("%%", "%");
    }

    /** OpenSSH's match_pattern_list: true when some pattern matches and no negated one does. */
    private static boolean patternList(String list, String value, boolean lower) {
        String v = lower ? value.toLowerCase(Locale.ROOT) : value;
        boolean matched = false;
        for (String p : list.split(",")) {
            boolean negated = p.startsWith("!");
            String g = negated ? p.substring(1) : p;
            if (glob(lower ? g.toLowerCase(Locale.ROOT) : g).matcher(v).matches()) {
                if (negated) {
                    return false;
                }
                matched = true;
            }
        }
        return matched;
    }

    private static boolean hostMatches(List<String> patterns, String host) {
        boolean matched = false;
        for (String p : patterns) {
            boolean negated = p.startsWith("!");
            String g = negated ? p.substring(1) : p;
            if (glob(g).matcher(host).matches()) {
                if (negated) {
                    return false;
                }
                matched = true;
            }
        }
        return matched;
    }

    private static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
