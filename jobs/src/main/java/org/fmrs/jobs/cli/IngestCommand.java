package org.fmrs.jobs.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.fmrs.jobs.ingest.IngestJob;
import org.fmrs.jobs.tables.Warehouse;
import org.fmrs.preproc.CoilOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fmrs ingest}. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Read scanner MRS files (a BIDS dataset, or a folder plus --mapping CSV) into the"
          + " warehouse: participants, sessions, transients (coil-combined), water_references"
          + " and ingest_errors. See docs/ingest.md.",
      "A file that cannot be read becomes an ingest_errors row; the others are ingested."
    })
final class IngestCommand extends SparkCommand {
  @Option(
      names = "--input",
      required = true,
      paramLabel = "DIR",
      description = "Input folder (local path, hdfs://…, s3a://…).")
  String input;

  @Option(
      names = "--mapping",
      paramLabel = "CSV",
      description =
          "Mapping CSV (pattern, participant_id, session_id, condition, period, site,"
              + " infusion_start_s, kind); without it the input must be a BIDS dataset.")
  String mapping;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      description =
          "overwrite (default): replace the tables; append: add only files not yet ingested"
              + " (keyed by path and SHA-256).")
  String mode = "overwrite";

  @Option(
      names = "--keep-personal",
      split = ",",
      paramLabel = "FIELD",
      description = "Header fields to keep although classed as personal (dropped by default).")
  List<String> keepPersonal = new ArrayList<>();

  IngestJob.Options options;

  @Override
  Map<String, String> prepare(Config cfg) {
    options =
        new IngestJob.Options(
            input,
            mapping,
            IngestJob.Mode.parse(mode),
            new LinkedHashSet<>(keepPersonal),
            CoilOptions.defaults());
    return new LinkedHashMap<>(options.toMap());
  }

  @Override
  List<String> inputs() {
    List<String> in = new ArrayList<>(List.of(input));
    if (mapping != null) {
      in.add(mapping);
    }
    return in;
  }

  @Override
  void run(SparkSession spark, Warehouse warehouse, String provenanceJson) {
    IngestJob.Result r = IngestJob.run(spark, warehouse, options, provenanceJson);
    out()
        .printf(
            "ingested %d participants, %d sessions, %d files: %d transients, %d water"
                + " references, %d errors, %d files already ingested%n",
            r.participants(),
            r.sessions(),
            r.files(),
            r.transients(),
            r.waterReferences(),
            r.errors(),
            r.skippedFiles());
  }
}
