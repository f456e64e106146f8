package org.fmrs.jobs.fit;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.fmrs.error.FmrsException;
import org.fmrs.jobs.spark.Csv;
import org.fmrs.jobs.tables.Tables;
import org.fmrs.jobs.tables.Warehouse;

/**
 * Exports {@code fits} as one long CSV for side-by-side comparison with LCModel and for
 * spreadsheets. Rows stream from the executors to the driver partition by partition, so the export
 * needs no driver memory proportional to the table.
 */
public final class FitCsv {
  /** The exported columns, in order. */
  public static final String[] COLUMNS = {
    "spectrum_id",
    "metabolite",
    "amplitude",
    "crlb_percent",
    "ratio_tcr",
    "ratio_tnaa",
    "snr",
    "fwhm_ppm",
    "status"
  };

  private FitCsv() {}

  /**
   * Writes the CSV to {@code target} (any Hadoop path) and returns the number of data rows. Written
   * to a temporary name and renamed, so a failed export leaves no partial file.
   */
  public static long write(SparkSession spark, Warehouse warehouse, String target) {
    Path out = new Path(target);
    Path tmp =
        new Path(
            out.getParent() == null ? new Path(".") : out.getParent(),
            "." + out.getName() + ".tmp");
    long n = 0;
    try {
      FileSystem fs = out.getFileSystem(spark.sparkContext().hadoopConfiguration());
      Iterator<Row> rows =
          warehouse
              .read(Tables.FITS)
              .select(COLUMNS[0], java.util.Arrays.copyOfRange(COLUMNS, 1, COLUMNS.length))
              .orderBy("spectrum_id", "metabolite")
              .toLocalIterator();
      try (Writer w = new OutputStreamWriter(fs.create(tmp, true), StandardCharsets.UTF_8)) {
        w.write(String.join(",", COLUMNS));
        w.write('\n');
        while (rows.hasNext()) {
          Row r = rows.next();
          StringBuilder sb = new StringBuilder();
          for (int i = 0; i < COLUMNS.length; i++) {
            if (i > 0) {
              sb.append(',');
            }
            Object v = r.get(i);
            sb.append(v == null ? "" : Csv.field(v.toString()));
          }
          w.write(sb.append('\n').toString());
          n++;
        }
      }
      if (fs.exists(out)) {
        fs.delete(out, false);
      }
      if (!fs.rename(tmp, out)) {
        throw new IOException("cannot rename " + tmp + " to " + out);
      }
    } catch (IOException e) {
      throw new FmrsException("IO", "cannot write CSV: " + e.getMessage(), e, "path", target);
    }
    return n;
  }
}
