package org.fmrs.jobs.effects;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.fmrs.error.FmrsException;
import org.fmrs.error.InvalidInputException;
import org.fmrs.jobs.spark.Csv;
import org.fmrs.stats.Coefficient;
import org.fmrs.stats.FTest;
import org.fmrs.stats.LmmOptions;
import org.fmrs.stats.LmmResult;
import org.fmrs.stats.VarianceComponent;

/**
 * {@code fmrs effects --table T --model F --out DIR}: any mixed-model formula on any tidy table
 * (CSV with a header, or Parquet), written as {@code coefficients.csv}, {@code anova.csv} and
 * {@code variance.csv} in {@code DIR}.
 */
public final class FormulaJob {
  private FormulaJob() {}

  /** Reads a tidy table: CSV with a header (by extension), else Parquet. */
  public static Dataset<Row> read(SparkSession spark, String table) {
    try {
      return table.toLowerCase(Locale.ROOT).endsWith(".csv")
          ? spark.read().option("header", "true").option("inferSchema", "true").csv(table)
          : spark.read().parquet(table);
    } catch (RuntimeException e) {
      throw new InvalidInputException("cannot read table: " + e.getMessage(), "path", table);
    }
  }

  /** Fits and writes the three CSV files; returns the fit. */
  public static LmmResult run(
      SparkSession spark, String table, String model, LmmOptions options, String outDir) {
    LmmResult r = GroupLevel.fit(read(spark, table), model, options).result();
    StringBuilder coef =
        new StringBuilder("term,estimate,std_error,df,t_value,p_value,ci_low,ci_high\n");
    for (Coefficient c : r.coefficients()) {
      coef.append(Csv.field(c.name()))
          .append(
              row(
                  c.estimate(),
                  c.standardError(),
                  c.df(),
                  c.tValue(),
                  c.pValue(),
                  c.ciLower(),
                  c.ciUpper()))
          .append('\n');
    }
    StringBuilder anova = new StringBuilder("term,num_df,den_df,f_value,p_value\n");
    for (FTest f : r.anova()) {
      anova
          .append(Csv.field(f.term()))
          .append(row(f.numDf(), f.denDf(), f.fValue(), f.pValue()))
          .append('\n');
    }
    StringBuilder variance = new StringBuilder("group,variance,sd\n");
    for (VarianceComponent v : r.randomEffects()) {
      variance
          .append(Csv.field(v.group()))
          .append(row(v.variance(), v.standardDeviation()))
          .append('\n');
    }
    variance.append("Residual").append(row(r.residualVariance(), r.sigma())).append('\n');
    try {
      Path dir = new Path(outDir);
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.mkdirs(dir);
      write(fs, new Path(dir, "coefficients.csv"), coef.toString());
      write(fs, new Path(dir, "anova.csv"), anova.toString());
      write(fs, new Path(dir, "variance.csv"), variance.toString());
    } catch (IOException e) {
      throw new FmrsException("IO", "cannot write results: " + e.getMessage(), e, "out", outDir);
    }
    return r;
  }

  private static void write(FileSystem fs, Path p, String content) throws IOException {
    try (Writer w = new OutputStreamWriter(fs.create(p, true), StandardCharsets.UTF_8)) {
      w.write(content);
    }
  }

  private static String row(double... values) {
    StringBuilder sb = new StringBuilder();
    for (double v : values) {
      sb.append(',');
      if (!Double.isNaN(v)) {
        sb.append(v);
      }
    }
    return sb.toString();
  }
}
