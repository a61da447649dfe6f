package dev.fanout.cluster;

import dev.fanout.cli.shared.ExitCode;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code fanout cluster status JOB}: how far a job is, per worker. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description =
        "How far a job is: work records done, failed, not done yet (queued or in flight),"
            + " redelivered, and per worker.",
    footer = {"", "Exit codes: 0 printed, 1 the cluster could not be reached, 2 unknown job."})
final class StatusCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "JOB", description = "The id 'cluster submit' printed.")
  String job;

  @Mixin KafkaOptions kafka;

  @Override
  public Integer call() throws Exception {
    kafka.validate(spec);
    return Commands.guarded(spec, this::status);
  }

  private int status() {
    PrintWriter out = spec.commandLine().getOut();
    try (var admin = kafka.connect();
        Results results = new Results(kafka)) {
      Wire.Job j = results.jobOrUsageError(job, spec.commandLine());
      Map<Integer, Wire.Result> best = new HashMap<>();
      Set<Integer> redelivered = new HashSet<>();
      Map<String, int[]> perWorker = new TreeMap<>();
      for (Wire.Result r : results.all(j)) {
        if (r.seq() < 0 || r.seq() >= j.size()) {
          continue;
        }
        if (r.delivery() > 1) {
          redelivered.add(r.seq());
        }
        int[] counts = perWorker.computeIfAbsent(String.valueOf(r.worker()), w -> new int[2]);
        counts[0]++;
        if (!r.complete()) {
          counts[1]++;
        }
        if (r.betterThan(best.get(r.seq()))) {
          best.put(r.seq(), r);
        }
      }
      long failed = best.values().stream().filter(r -> !r.complete()).count();
      out.println(
          j.job() + ": " + j.kind() + ", " + j.units() + " units in " + j.size() + " work records");
      out.println("done         " + best.size());
      out.println("failed       " + failed);
      out.println("not done yet " + (j.size() - best.size()) + " (queued or in flight)");
      out.println("redelivered  " + redelivered.size());
      for (var e : perWorker.entrySet()) {
        out.println(
            "worker "
                + e.getKey()
                + ": "
                + e.getValue()[0]
                + " results, "
                + e.getValue()[1]
                + " failed");
      }
      out.flush();
      return ExitCode.OK;
    }
  }
}
