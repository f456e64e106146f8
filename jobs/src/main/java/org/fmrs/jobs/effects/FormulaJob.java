package org.fmrs.jobs.effects;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.fmrs.error.FmrsException;
import org.fmrs.error.InvalidInputException;
import org.fmrs.stats.Coefficient;
import org.fmrs.stats.FTest;
import org.fmrs.stats.Formula;
import org.fmrs.stats.LinearMixedModel;
import org.fmrs.stats.LmmOptions;
import org.fmrs.stats.LmmResult;
import org.fmrs.stats.TidyTable;
import org.fmrs.stats.VarianceComponent;

/**
 * {@code fmrs effects --table T --model F --out DIR}: any mixed-model formula on any tidy table
 * (CSV with a header, or Parquet), written as {@code coefficients.csv}, {@code anova.csv} and
 * {@code variance.csv} in {@code DIR}.
 */
public final class FormulaJob {
  private FormulaJob() {}

  /** Reads the formula's columns of {@code table} (CSV by extension, else Parquet). */
  public static TidyTable read(SparkSession spark, String table, Formula formula) {
    Dataset<Row> df;
    try {
      df =
          table.toLowerCase(Locale.ROOT).endsWith(".csv")
              ? spark.read().option("header", "true").option("inferSchema", "true").csv(table)
              : spark.read().parquet(table);
    } catch (RuntimeException e) {
      throw new InvalidInputException("cannot read table: " + e.getMessage(), "path", table);
    }
    List<String> present = List.of(df.columns());
    List<String> missing = new ArrayList<>();
    for (String v : formula.variables()) {
      if (!present.contains(v)) {
        missing.add(v);
      }
    }
    if (!missing.isEmpty()) {
      throw new InvalidInputException(
          "formula names column(s) not in the table: " + String.join(", ", missing),
          "path",
          table,
          "columns",
          String.join(",", present));
    }
    List<String> vars = formula.variables();
    List<Row> rows = df.select(vars.stream().map(df::col).toArray(Column[]::new)).collectAsList();
    TidyTable.Builder b = TidyTable.builder();
    for (int c = 0; c < vars.size(); c++) {
      StructField f = df.schema().apply(vars.get(c));
      if (f.dataType() instanceof NumericType) {
        double[] v = new double[rows.size()];
        for (int i = 0; i < v.length; i++) {
          Row r = rows.get(i);
          v[i] = r.isNullAt(c) ? Double.NaN : ((Number) r.get(c)).doubleValue();
        }
        b.numeric(vars.get(c), v);
      } else {
        String[] v = new String[rows.size()];
        for (int i = 0; i < v.length; i++) {
          Row r = rows.get(i);
          v[i] = r.isNullAt(c) ? null : r.get(c).toString();
        }
        b.strings(vars.get(c), v);
      }
    }
    return b.build();
  }

  /** Fits and writes the three CSV files; returns the fit. */
  public static LmmResult run(
      SparkSession spark, String table, String model, LmmOptions options, String outDir) {
    Formula formula = Formula.parse(model);
    TidyTable data = read(spark, table, formula);
    LmmResult r = LinearMixedModel.fit(formula, data, options);
    StringBuilder coef =
        new StringBuilder("term,estimate,std_error,df,t_value,p_value,ci_low,ci_high\n");
    for (Coefficient c : r.coefficients()) {
      coef.append(csv(c.name()))
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
          .append(csv(f.term()))
          .append(row(f.numDf(), f.denDf(), f.fValue(), f.pValue()))
          .append('\n');
    }
    StringBuilder variance = new StringBuilder("group,variance,sd\n");
    for (VarianceComponent v : r.randomEffects()) {
      variance.append(csv(v.group())).append(row(v.variance(), v.standardDeviation())).append('\n');
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

  private static String csv(String s) {
    return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }
}
