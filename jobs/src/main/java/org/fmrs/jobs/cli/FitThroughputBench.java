package org.fmrs.jobs.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.fmrs.cohort.CohortOptions;
import org.fmrs.error.FmrsException;
import org.fmrs.error.InvalidOptionsException;
import org.fmrs.fit.FitOptions;
import org.fmrs.fit.WaterScaling;
import org.fmrs.jobs.fit.FitJob;
import org.fmrs.jobs.provenance.Provenance;
import org.fmrs.jobs.simulate.SimulateJob;
import org.fmrs.jobs.spark.SparkSessions;
import org.fmrs.jobs.tables.Tables;
import org.fmrs.jobs.tables.Warehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fmrs bench fit-throughput}: end-to-end throughput of the warehouse fit for a series of
 * cohort sizes. For each size N the simulate job writes a cohort of at least N spectra (16 per
 * participant: 2 sessions × 8 blocks) into {@code <work>/n<N>} (not timed); then the fit job is
 * timed from reading {@code spectra} (Parquet) to the written {@code fits} table (Parquet) and its
 * status counts. Two heap figures are printed: the sum over the heap memory pools of their peak
 * usage since a reset just before the fit (an upper bound of the true peak, since the pools — eden,
 * survivor, old — need not peak together, so it can exceed the heap maximum), and the largest total
 * heap in use seen by sampling every 10 ms during the fit (a lower bound). In local mode driver and
 * executor threads share this one heap.
 */
@Command(
    name = "fit-throughput",
    mixinStandardHelpOptions = true,
    description =
        "Time `fmrs fit` (Parquet spectra -> Parquet fits) on simulated cohorts of the given"
            + " sizes and print spectra/s and the peak JVM heap per size.")
final class FitThroughputBench implements Callable<Integer> {
  /** Spectra per simulated participant with the default cohort settings. */
  static final int SPECTRA_PER_PARTICIPANT = 16;

  @Spec CommandSpec spec;

  @Option(
      names = "--spectra",
      split = ",",
      paramLabel = "N",
      description = "Cohort sizes, comma-separated (default 1000,10000,50000).")
  List<Integer> spectra = new ArrayList<>(List.of(1000, 10000, 50000));

  @Option(names = "--master", description = "Spark master (default local[*]).")
  String master;

  @Option(
      names = "--work",
      paramLabel = "DIR",
      required = true,
      description = "Folder for the simulated warehouses (one per size).")
  Path work;

  @Option(names = "--points", description = "Points per FID (${DEFAULT-VALUE}).")
  int points = 2048;

  @Option(names = "--keep", description = "Keep each size's warehouse (default: delete it).")
  boolean keep;

  /** One measured size. */
  record Run(
      int requested,
      long simulated,
      long fitted,
      long ok,
      double seconds,
      double peakHeapMb,
      double sampledPeakHeapMb,
      double maxHeapMb,
      double loadBefore,
      double loadAfter) {
    double spectraPerSecond() {
      return fitted / seconds;
    }
  }

  @Override
  public Integer call() {
    for (int n : spectra) {
      if (n < 1) {
        throw new InvalidOptionsException("--spectra sizes must be >= 1", "spectra", spectra);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    SparkSession spark = SparkSessions.create("fmrs bench fit-throughput", master, Map.of());
    try {
      out.printf(
          "master %s, %d cores, heap max %.0f MB%n",
          spark.sparkContext().master(),
          spark.sparkContext().defaultParallelism(),
          Runtime.getRuntime().maxMemory() / 1048576.0);
      out.printf(
          "| spectra | fitted | OK | fit seconds | spectra/s | heap pool peaks summed MB |"
              + " sampled peak heap MB | heap max MB | load 1-min before/after |%n");
      out.printf("|---|---|---|---|---|---|---|---|---|%n");
      out.flush();
      for (int n : spectra) {
        Run r = measure(spark, n);
        out.printf(
            "| %d | %d | %d | %.2f | %.1f | %.0f | %.0f | %.0f | %.2f / %.2f |%n",
            r.simulated(),
            r.fitted(),
            r.ok(),
            r.seconds(),
            r.spectraPerSecond(),
            r.peakHeapMb(),
            r.sampledPeakHeapMb(),
            r.maxHeapMb(),
            r.loadBefore(),
            r.loadAfter());
        out.flush();
      }
    } finally {
      spark.stop();
    }
    return 0;
  }

  /** Simulates, then times the fit of, a cohort of at least {@code n} spectra. */
  Run measure(SparkSession spark, int n) {
    Path dir = work.resolve("n" + n);
    deleteRecursively(dir);
    int participants = (n + SPECTRA_PER_PARTICIPANT - 1) / SPECTRA_PER_PARTICIPANT;
    CohortOptions cohort =
        CohortOptions.defaults().withParticipants(participants).withPoints(points);
    Warehouse warehouse = new Warehouse(spark, dir.toAbsolutePath().toUri().toString());
    Map<String, String> opts = new LinkedHashMap<>();
    cohort.toMap().forEach((k, v) -> opts.put("simulate." + k, Double.toString(v)));
    SimulateJob.Result sim =
        SimulateJob.run(
            spark,
            warehouse,
            cohort,
            new Provenance("bench fit-throughput", opts, List.of(), spark.version()).toJson());

    FitOptions fit = FitOptions.defaults();
    WaterScaling water = WaterScaling.lcmodelDefaults();
    fit.toMap().forEach((k, v) -> opts.put("fit." + k, v));
    String provenance =
        new Provenance(
                "bench fit-throughput", opts, List.of(Tables.SPECTRA.name()), spark.version())
            .toJson();
    System.gc();
    List<MemoryPoolMXBean> heap = heapPools();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    AtomicLong sampled = new AtomicLong();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    ScheduledExecutorService sampler =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread t = new Thread(task, "fmrs-heap-sampler");
              t.setDaemon(true);
              return t;
            });
    sampler.scheduleAtFixedRate(
        () -> sampled.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
        0,
        10,
        TimeUnit.MILLISECONDS);
    long t0 = System.nanoTime();
    FitJob.Result r;
    try {
      r = FitJob.run(spark, warehouse, fit, water, provenance);
    } finally {
      sampler.shutdownNow();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    long peak = 0;
    for (MemoryPoolMXBean p : heap) {
      peak += p.getPeakUsage().getUsed();
    }
    if (!keep) {
      deleteRecursively(dir);
    }
    return new Run(
        n,
        sim.spectra(),
        r.total(),
        r.ok(),
        seconds,
        peak / 1048576.0,
        sampled.get() / 1048576.0,
        Runtime.getRuntime().maxMemory() / 1048576.0,
        loadBefore,
        loadAfter);
  }

  static List<MemoryPoolMXBean> heapPools() {
    List<MemoryPoolMXBean> out = new ArrayList<>();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.isValid()) {
        out.add(p);
      }
    }
    return out;
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new FmrsException("IO", "cannot delete " + dir + ": " + e.getMessage(), e, "path", dir);
    }
  }
}
