package org.fmrs.jobs.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.fmrs.jobs.ingest.IngestBench;
import org.fmrs.jobs.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fmrs bench ingest}: ingest throughput on a generated BIDS NIfTI-MRS dataset. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description =
        "Generate (untimed; reused when --work already holds one of the same size) a BIDS dataset"
            + " of NIfTI-MRS files and time fmrs ingest on it.")
final class BenchIngestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--files", description = "NIfTI-MRS files (${DEFAULT-VALUE}).")
  int files = 1000;

  @Option(names = "--transients", description = "Transients per file (${DEFAULT-VALUE}).")
  int transients = 64;

  @Option(names = "--points", description = "Points per FID (${DEFAULT-VALUE}).")
  int points = 2048;

  @Option(
      names = "--work",
      required = true,
      paramLabel = "DIR",
      description = "Working folder: bids/ (generated) and warehouse/ (written).")
  Path work;

  @Option(names = "--master", description = "Spark master (default local[*]).")
  String master;

  @Override
  public Integer call() {
    IngestBench.Size size = new IngestBench.Size(files, transients, points);
    SparkSession spark = SparkSessions.create("fmrs bench ingest", master, Map.of());
    try {
      IngestBench.Result r = IngestBench.run(spark, work, size);
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          Locale.ROOT,
          "dataset %s in %.1f s (untimed); master %s%n",
          r.generated() ? "generated" : "reused",
          r.generateSeconds(),
          spark.sparkContext().master());
      out.print(r.table());
      out.flush();
    } finally {
      spark.stop();
    }
    return 0;
  }
}
