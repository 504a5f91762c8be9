package dev.vigil.kbox.collect;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vigil.core.config.Durations;
import dev.vigil.core.config.TextFiles;
import dev.vigil.core.config.Yaml;
import dev.vigil.core.error.UsageException;
import dev.vigil.core.inventory.Suggest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A fault-collection profile: what to gather for one kind of fault, declared, not coded. Each item
 * is files (globs) or a command on the node, or a reading of the node's BMC ({@code bmc: sensors} or
 * {@code bmc: events}, read from the controller, so it is gathered for a node that is down too),
 * optionally only for some groups, each with a size cap and a timeout. A profile may include others. Shipped: node-down, vm-crash, storage, network,
 * management, clock, all; an operator's own are YAML files of the same form.
 */
public record Profile(String name, String description, List<String> include, List<Item> items) {
    public static final List<String> SHIPPED = List.of("node-down", "vm-crash", "storage", "network", "management", "clock", "hardware", "all");

    public Profile {
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("a profile needs a name of letters, digits, . _ -");
        }
        include = include == null ? List.of() : include;
        items = items == null ? List.of() : items;
    }

    public record Item(String name, List<String> files, String command, String bmc, List<String> groups, Long maxBytes, String timeout) {
        /** The BMC readings an item may ask for. */
        public static final List<String> BMC_READINGS = List.of("sensors", "events");

        public Item(String name, List<String> files, String command, List<String> groups, Long maxBytes, String timeout) {
            this(name, files, command, null, groups, maxBytes, timeout);
        }

        public Item {
            if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("every item needs a name of letters, digits, . _ -");
            }
            int kinds = (files == null || files.isEmpty() ? 0 : 1) + (command == null ? 0 : 1) + (bmc == null ? 0 : 1);
            if (kinds != 1) {
                throw new IllegalArgumentException("item " + name + ": give exactly one of files, a command or bmc (sensors or events)");
            }
            if (bmc != null && !BMC_READINGS.contains(bmc)) {
                throw new IllegalArgumentException("item " + name + ": bmc must be sensors or events, not '" + bmc + "'");
            }
            if (maxBytes != null && maxBytes <= 0) {
                throw new IllegalArgumentException("item " + name + ": max_bytes must be positive");
            }
            if (timeout != null) {
                Durations.parse(timeout);
            }
        }

        public long cap() {
            return maxBytes != null ? maxBytes : command != null ? 4L * 1024 * 1024 : 16L * 1024 * 1024;
        }

        public Duration deadline() {
            return timeout == null ? Duration.ofSeconds(60) : Durations.parse(timeout);
        }

        public boolean appliesTo(Set<String> nodeGroups) {
            return groups == null || groups.isEmpty() || groups.stream().anyMatch(nodeGroups::contains);
        }
    }

    /** A profile by name (shipped or in {@code dir}) or from a file; includes resolved, items de-duplicated by name. */
    public static Profile load(String nameOrFile, Path dir) {
        Profile p = read(nameOrFile, dir);
        List<Item> all = new ArrayList<>(p.items());
        Set<String> seen = new LinkedHashSet<>();
        for (String inc : p.include()) {
            if (inc.equals(p.name())) {
                continue;
            }
            all.addAll(load(inc, dir).items());
        }
        List<Item> unique = new ArrayList<>();
        for (Item i : all) {
            if (seen.add(i.name())) {
                unique.add(i);
            }
        }
        return new Profile(p.name(), p.description(), List.of(), unique);
    }

    private static Profile read(String ref, Path dir) {
        String text;
        String source;
        if (ref.endsWith(".yaml") || ref.endsWith(".yml")) {
            text = TextFiles.read(Path.of(ref), "profile file");
            source = ref;
        } else if (dir != null && Files.isRegularFile(dir.resolve(ref + ".yaml"))) {
            source = dir.resolve(ref + ".yaml").toString();
            text = TextFiles.read(Path.of(source), "profile file");
        } else {
            try (InputStream in = Profile.class.getResourceAsStream("/dev/vigil/kbox/profiles/" + ref + ".yaml")) {
                if (in == null || !ref.matches("[A-Za-z0-9._-]+")) {
                    String close = Suggest.closest(ref, SHIPPED);
                    throw new UsageException("no collection profile '" + ref + "'" + (close != null ? "; did you mean '" + close + "'?" : "")
                            + " (shipped: " + String.join(", ", SHIPPED) + ")");
                }
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                source = "shipped profile " + ref;
            } catch (IOException e) {
                throw new UsageException("cannot read profile " + ref + ": " + e.getMessage());
            }
        }
        try {
            return Yaml.strictMapper().readValue(text, Profile.class);
        } catch (JsonProcessingException e) {
            throw Yaml.formatError(source, text, e);
        }
    }
}
