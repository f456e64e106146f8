package org.fmrs.jobs.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.randn;
import static org.apache.spark.sql.functions.when;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.fmrs.basis.Basis;
import org.fmrs.cohort.BlockSpec;
import org.fmrs.cohort.CohortOptions;
import org.fmrs.cohort.CohortSimulator;
import org.fmrs.cohort.Participant;
import org.fmrs.cohort.Session;
import org.fmrs.fid.Fid;
import org.fmrs.fit.FitOptions;
import org.fmrs.fit.FitResult;
import org.fmrs.fit.SpectrumFitter;
import org.fmrs.jobs.effects.GroupLevel;
import org.fmrs.jobs.simulate.SimulateJob;
import org.fmrs.jobs.spark.SparkSessions;
import org.fmrs.sim.SpectrumSynthesizer;
import org.fmrs.stats.LmmOptions;
import org.fmrs.stats.LmmResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fmrs bench}: measurements that go into docs/benchmarks.md (tables on stdout). */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks that print a table: single-core fit time, group-level scale.",
    subcommands = {
      BenchCommand.Fit.class,
      BenchCommand.Lmm.class,
      BenchIngestCommand.class,
      FitThroughputBench.class
    })
final class BenchCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Single-core time per spectrum fit on simulated 3 T spectra. */
  @Command(
      name = "fit",
      mixinStandardHelpOptions = true,
      description = "Time SpectrumFitter on one core (no Spark) over simulated spectra.")
  static final class Fit implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--spectra", description = "Timed spectra (${DEFAULT-VALUE}).")
    int spectra = 200;

    @Option(names = "--warmup", description = "Untimed warm-up fits (${DEFAULT-VALUE}).")
    int warmup = 50;

    @Option(names = "--points", description = "Points per FID (${DEFAULT-VALUE}).")
    int points = 2048;

    @Option(
        names = "--set",
        paramLabel = "KEY=VALUE",
        description =
            "Fit option (FitOptions keys or preset=lcmodel, e.g. metabolite-groups=each);"
                + " repeatable.")
    Map<String, String> fitSettings = new java.util.LinkedHashMap<>();

    @Override
    public Integer call() {
      FitOptions fitOptions = Layered.fit(Map.of(), fitSettings);
      CohortOptions o =
          CohortOptions.defaults()
              .withPoints(points)
              .withParticipants(Math.max(1, (spectra + warmup) / 16 + 1));
      CohortSimulator sim = new CohortSimulator(o);
      Basis basis =
          Basis.forAcquisition(
              SimulateJob.SEQUENCE,
              o.get("echo-time-s"),
              o.centralFrequencyHz(),
              o.dwellTimeS(),
              o.points());
      List<Fid> fids = new ArrayList<>();
      for (Participant p : sim.participants()) {
        for (Session s : sim.sessions(p)) {
          for (BlockSpec b : sim.blocks(p, s)) {
            fids.add(SpectrumSynthesizer.block(basis, b));
          }
        }
      }
      SpectrumFitter fitter = new SpectrumFitter(basis, fitOptions);
      for (int i = 0; i < warmup; i++) {
        fitter.fit(fids.get(i % fids.size()));
      }
      double[] ms = new double[spectra];
      double[] cpuMs = new double[spectra];
      java.lang.management.ThreadMXBean threads =
          java.lang.management.ManagementFactory.getThreadMXBean();
      int ok = 0;
      long t0 = System.nanoTime();
      for (int i = 0; i < spectra; i++) {
        long s = System.nanoTime();
        long c = threads.getCurrentThreadCpuTime();
        FitResult r = fitter.fit(fids.get((warmup + i) % fids.size()));
        cpuMs[i] = (threads.getCurrentThreadCpuTime() - c) / 1e6;
        ms[i] = (System.nanoTime() - s) / 1e6;
        ok += r.status().name().equals("OK") ? 1 : 0;
      }
      double total = (System.nanoTime() - t0) / 1e9;
      Arrays.sort(ms);
      Arrays.sort(cpuMs);
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "| points | basis spectra | options | fits | OK | median CPU ms | p90 CPU ms |"
              + " median wall ms | p90 wall ms | wall fits/s/core |%n");
      out.printf("|---|---|---|---|---|---|---|---|---|---|%n");
      out.printf(
          "| %d | %d | %s | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
          points,
          basis.size(),
          fitSettings.isEmpty() ? "defaults" : fitSettings.toString(),
          spectra,
          ok,
          cpuMs[spectra / 2],
          cpuMs[spectra * 9 / 10],
          ms[spectra / 2],
          ms[spectra * 9 / 10],
          spectra / total);
      out.flush();
      return 0;
    }
  }

  /** Group-level mixed model from Spark-aggregated per-participant sums. */
  @Command(
      name = "lmm",
      mixinStandardHelpOptions = true,
      description =
          "Fit value ~ condition * phase + period + (1 | participant) on generated data of the"
              + " given size through the Spark sufficient-statistics path.")
  static final class Lmm implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--participants", description = "Participants (${DEFAULT-VALUE}).")
    long participants = 100_000;

    @Option(names = "--blocks", description = "Rows per participant (${DEFAULT-VALUE}).")
    int blocks = 16;

    @Option(names = "--master", description = "Spark master (default local[*]).")
    String master;

    @Override
    public Integer call() {
      SparkSession spark = SparkSessions.create("fmrs bench lmm", master, Map.of());
      try {
        long n = participants * blocks;
        int perSession = blocks / 2;
        Dataset<Row> data =
            spark
                .range(n)
                .withColumn("participant", floor(col("id").divide(blocks)).cast("string"))
                .withColumn("k", col("id").mod(blocks))
                .withColumn("period", when(col("k").lt(perSession), lit("1")).otherwise("2"))
                .withColumn(
                    "condition",
                    when(
                            col("period")
                                .equalTo("1")
                                .equalTo(floor(col("id").divide(blocks)).mod(2).equalTo(0)),
                            lit("naltrexone"))
                        .otherwise("placebo"))
                .withColumn(
                    "phase",
                    when(col("k").mod(perSession).lt(perSession / 4), lit("baseline"))
                        .otherwise("infusion"))
                .withColumn("value", lit(1.07).plus(randn(7).multiply(0.05)))
                .cache();
        long rows = data.count();
        long t0 = System.nanoTime();
        GroupLevel.Fit fit =
            GroupLevel.fit(
                data,
                "value ~ condition * phase + period + (1 | participant)",
                LmmOptions.defaults());
        double seconds = (System.nanoTime() - t0) / 1e9;
        LmmResult r = fit.result();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("| participants | rows | path | seconds | fixed effects | singular |%n");
        out.printf("|---|---|---|---|---|---|%n");
        out.printf(
            "| %d | %d | %s | %.1f | %d | %s |%n",
            participants,
            rows,
            fit.fromSums() ? "per-participant sums" : "rows",
            seconds,
            r.coefficients().size(),
            r.singular());
        out.flush();
      } finally {
        spark.stop();
      }
      return 0;
    }
  }
}
