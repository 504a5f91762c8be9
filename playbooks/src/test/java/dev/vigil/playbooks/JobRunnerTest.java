package dev.vigil.playbooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.session.Session;
import dev.vigil.core.session.SessionOptions;
import dev.vigil.playbooks.schedule.JobRunner;
import dev.vigil.playbooks.schedule.ScheduleConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A scheduled job runs its playbook through the features' use cases, in a run of its own. */
class JobRunnerTest {
    @TempDir
    Path dir;

    @Test
    void eachJobReadsTheInventoryAfresh_andRunsWithItsOwnLimitOnly() throws Exception {
        Path inv = Files.writeString(dir.resolve("inv.yaml"), "nodes:\n  - {name: first, connection: local}\n");
        Path pb = Files.writeString(dir.resolve("pb.yaml"), "name: t\nsteps:\n  - id: say\n    uses: exec\n    with: {command: \"echo hi\"}\n");
        // the daemon was started with -l first: a job's nodes are its own limit, not the daemon's
        SessionOptions o = new SessionOptions(inv, "first", null, dir.resolve("st"), null, null, null, null, List.of(), null, null, null);
        JobRunner runner = PlaybookRun.jobRunner(new Session(o, Map.of(), Session.Host.QUIET));
        ScheduleConfig.JobConfig job = new ScheduleConfig.JobConfig("0 0 1 * * ?", pb.toString(), null, null, null);

        JobRunner.Result one = runner.run("j", job);
        assertThat(one.exitCode()).as(one.message()).isZero();
        assertThat(nodes(one)).containsExactly("first");

        Files.writeString(inv, "nodes:\n  - {name: second, connection: local}\n  - {name: third, connection: local}\n");
        JobRunner.Result two = runner.run("j", job);
        assertThat(two.exitCode()).as(two.message()).isZero();
        assertThat(nodes(two)).as("the edited inventory, all of it").containsExactly("second", "third");
    }

    @Test
    void aPlaybookThatDoesNotValidate_is64WithTheReason() throws Exception {
        Path pb = Files.writeString(dir.resolve("bad.yaml"), "name: t\nsteps:\n  - uses: nope\n");
        SessionOptions o = new SessionOptions(null, null, null, dir.resolve("st"), null, null, null, null, List.of(), null, null, null);
        JobRunner.Result r = PlaybookRun.jobRunner(new Session(o, Map.of(), Session.Host.QUIET))
                .run("j", new ScheduleConfig.JobConfig("0 0 1 * * ?", pb.toString(), null, null, null));
        assertThat(r.exitCode()).isEqualTo(64);
        assertThat(r.message()).contains("nope");
    }

    private static List<String> nodes(JobRunner.Result r) throws Exception {
        JsonNode report = new ObjectMapper().readTree(Path.of(r.report()).toFile());
        List<String> out = new java.util.ArrayList<>();
        report.get("steps").get(0).get("details").forEach(n -> out.add(n.get("name").asText()));
        return out;
    }
}
