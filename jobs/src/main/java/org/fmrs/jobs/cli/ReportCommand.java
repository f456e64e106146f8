package org.fmrs.jobs.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.fmrs.error.FmrsException;
import org.fmrs.jobs.effects.HtmlReport;
import org.fmrs.jobs.tables.Tables;
import org.fmrs.jobs.tables.Warehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fmrs report}: a static HTML report of a warehouse. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write a self-contained HTML report (inline SVG plots, no scripts) of a warehouse: cohort,"
          + " QC, example fits (when fmrs fit --curves wrote fit_curves), time course by"
          + " condition, model tables, clinical outcomes, effect sizes and effects vs truth. Run"
          + " fmrs effects first."
    })
final class ReportCommand extends SparkCommand {
  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Output HTML file (report.html); local path or any Hadoop file system URI.")
  String out = "report.html";

  @Override
  Map<String, String> prepare(Config cfg) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("report.out", out);
    return m;
  }

  @Override
  List<String> inputs() {
    return List.of(
        Tables.EFFECTS.name(),
        Tables.RESPONSES.name(),
        Tables.FITS.name(),
        Tables.FIT_CURVES.name());
  }

  @Override
  void run(SparkSession spark, Warehouse warehouse, String provenanceJson) {
    String html = HtmlReport.build(warehouse);
    Path path = new Path(out);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream os = fs.create(path, true)) {
        os.write(html.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new FmrsException("IO", "cannot write the report: " + e.getMessage(), e, "out", out);
    }
    out().printf("wrote %s (%d bytes)%n", out, html.length());
    out().flush();
  }
}
