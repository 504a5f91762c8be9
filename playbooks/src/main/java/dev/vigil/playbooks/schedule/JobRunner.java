package dev.vigil.playbooks.schedule;

/** Runs one scheduled job (its playbook) now; supplied by the command line, which reaches the features. */
@FunctionalInterface
public interface JobRunner {
    /** exitCode: the playbook's (0 PASS, 1 WARN, 2 FAIL, 64 bad playbook...); report: where its checklist went. */
    record Result(int exitCode, String report, String message) {
        public String outcome() {
            return switch (exitCode) {
                case 0 -> "PASS";
                case 1 -> "WARN";
                case 2 -> "FAIL";
                default -> "ERROR";
            };
        }
    }

    Result run(String job, ScheduleConfig.JobConfig config);
}
