package dev.vigil.core.action;

import java.io.PrintWriter;
import java.util.Map;

/**
 * One thing a playbook step can do ({@code uses:}). The playbook module ships {@code confirm} and
 * {@code wait}; the features' actions (health check, backup, collection, power, exec) are supplied
 * by whoever runs playbooks, each calling its feature.
 */
public interface Action {
    String name();

    /** The parameters a step may give under {@code with:}, by name. */
    Map<String, Param> params();

    /** A one-line description for {@code vigil playbook show} and the docs. */
    String description();

    StepOutcome run(Context context) throws Exception;

    enum Kind {
        /** COMMAND: a shell command; run values go into it as quoted shell variables, never as text. */
        STRING, INT, BOOL, DURATION, STRINGS, COMMAND;

        public String label() {
            return switch (this) {
                case STRING -> "a string";
                case INT -> "a whole number";
                case BOOL -> "true or false";
                case DURATION -> "a duration such as 30s or 5m";
                case STRINGS -> "a list of strings";
                case COMMAND -> "a shell command";
            };
        }
    }

    record Param(Kind kind, boolean required, String description) {
        public static Param optional(Kind kind, String description) {
            return new Param(kind, false, description);
        }

        public static Param required(Kind kind, String description) {
            return new Param(kind, true, description);
        }
    }

    /** What a step is given: its parameters (checked and typed), the node selection, the run's switches. */
    record Context(String step, Map<String, Object> params, String limit, boolean yes, Confirmer confirmer, PrintWriter log) {
        public String string(String name) {
            Object v = params.get(name);
            return v == null ? null : v.toString();
        }

        public boolean bool(String name) {
            return Boolean.TRUE.equals(params.get(name));
        }

        @SuppressWarnings("unchecked")
        public java.util.List<String> strings(String name) {
            Object v = params.get(name);
            return v == null ? java.util.List.of() : (java.util.List<String>) v;
        }
    }

    /** Asks the operator a yes/no question; null when nobody can answer (not a terminal). */
    @FunctionalInterface
    interface Confirmer {
        Boolean ask(String question);
    }

    /** A step's verdict, a one-line reason, and the details of its own report (JSON-able). */
    record StepOutcome(StepStatus status, String reason, Object details) {
    }

    enum StepStatus {
        PASS, WARN, FAIL, SKIPPED;

        /** The exit code of a run whose worst step has this status. */
        public int exitCode() {
            return switch (this) {
                case PASS, SKIPPED -> 0;
                case WARN -> 1;
                case FAIL -> 2;
            };
        }
    }
}
