package dev.vigil.healthcheck;

import dev.vigil.core.result.Finding;
import dev.vigil.core.result.Report;

import java.util.List;
import java.util.Map;

/**
 * A check judged after the node checks, from a node's findings in this run and the series of the saved
 * runs (the trend of disk use): it reads no node, so an unreached node gets the node checks' verdict.
 */
public interface HistoryCheck extends CheckInfo {
    CheckResult judge(List<Finding> nodeFindings, Map<String, List<Report.Point>> series);
}
