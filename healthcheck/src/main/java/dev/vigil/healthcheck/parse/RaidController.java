package dev.vigil.healthcheck.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.config.Yaml;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Broadcom MegaRAID's {@code storcli /call show all J} (and Dell's perccli, the same tool), read as a pure
 * function: per controller its model and status, its virtual drives' states (Optl, Dgrd, Pdgd, OfLn, Rec...)
 * and its physical drives' states (Onln, UGood, UBad, Offln, Rbld, Failed...).
 */
public final class RaidController {
    private RaidController() {
    }

    public record Drive(String id, String state, String info) {
    }

    public record Controller(int index, String model, String status, String commandStatus, List<Drive> virtualDrives, List<Drive> physicalDrives,
                             long uncorrectableMemoryErrors) {
    }

    public static List<Controller> parse(String json) {
        JsonNode root;
        try {
            root = Yaml.jsonMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.path("Controllers").isArray()) {
            throw new IllegalArgumentException("no Controllers array (not storcli/perccli 'show all J' output)");
        }
        List<Controller> out = new ArrayList<>();
        int i = 0;
        for (JsonNode c : root.path("Controllers")) {
            JsonNode data = c.path("Response Data");
            List<Drive> vds = new ArrayList<>();
            for (JsonNode v : data.path("VD LIST")) {
                vds.add(new Drive(v.path("DG/VD").asText("?"), v.path("State").asText(""), v.path("TYPE").asText("") + " " + v.path("Size").asText("")));
            }
            List<Drive> pds = new ArrayList<>();
            for (JsonNode p : data.path("PD LIST")) {
                pds.add(new Drive(p.path("EID:Slt").asText("?"), p.path("State").asText(""), p.path("Model").asText("").strip()));
            }
            int index = c.path("Command Status").path("Controller").asInt(i);
            out.add(new Controller(index, data.path("Basics").path("Model").asText(""), data.path("Status").path("Controller Status").asText(""),
                    c.path("Command Status").path("Status").asText(""), vds, pds, data.path("Status").path("Memory Uncorrectable Errors").asLong(0)));
            i++;
        }
        return out;
    }
}
