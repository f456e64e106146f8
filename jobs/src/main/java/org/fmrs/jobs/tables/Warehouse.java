package org.fmrs.jobs.tables;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.fmrs.error.FmrsException;
import org.fmrs.error.InvalidInputException;

/**
 * The root folder of a study: one Parquet folder per {@link TableDef}. Works on any Hadoop
 * FileSystem URI (local path, {@code file:}, {@code hdfs://}, {@code s3a://}).
 *
 * <p>Writes are atomic per table: the data and its provenance are written to a staging folder
 * {@code _staging/<table>-<uuid>} under the root and renamed into place only when complete, so a
 * failed job never leaves a half-written table.
 */
public final class Warehouse {
  /** Provenance sidecar written inside every table folder. */
  public static final String PROVENANCE_FILE = "_fmrs_provenance.json";

  private final SparkSession spark;
  private final Path root;

  public Warehouse(SparkSession spark, String rootUri) {
    this.spark = spark;
    if (rootUri == null || rootUri.isBlank()) {
      throw new InvalidInputException("--warehouse is required");
    }
    this.root = new Path(rootUri);
  }

  public Path root() {
    return root;
  }

  /** Folder of a table. */
  public Path path(TableDef table) {
    return new Path(root, table.name());
  }

  private FileSystem fs() throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    return root.getFileSystem(conf);
  }

  /** Whether a table exists (its folder holds a {@code _SUCCESS} marker or Parquet files). */
  public boolean exists(TableDef table) {
    try {
      return fs().exists(path(table));
    } catch (IOException e) {
      throw new FmrsException("IO", "cannot access warehouse", e, "path", path(table));
    }
  }

  /**
   * Reads a table, checking that it exists and has every required column.
   *
   * @throws InvalidInputException naming the table path or the missing column
   */
  public Dataset<Row> read(TableDef table) {
    Path p = path(table);
    if (!exists(table)) {
      throw new InvalidInputException(
          "table " + table.name() + " not found in the warehouse", "path", p.toString());
    }
    Dataset<Row> df;
    try {
      df = spark.read().parquet(p.toString());
    } catch (RuntimeException e) {
      throw new FmrsException(
          "IO", "cannot read table " + table.name() + ": " + e.getMessage(), e, "path", p);
    }
    List<String> present = List.of(df.columns());
    List<String> missing = new ArrayList<>();
    for (String c : table.required()) {
      if (!present.contains(c)) {
        missing.add(c);
      }
    }
    if (!missing.isEmpty()) {
      throw new InvalidInputException(
          "table " + table.name() + " lacks required column(s) " + String.join(", ", missing),
          "path",
          p.toString());
    }
    return df;
  }

  /**
   * Parquet column paths of the table's {@code array<double>} columns (the FIDs, the fit curves)
   * and of the {@code array<double>} values of its maps (the per-basis fit curves), written without
   * dictionary encoding: noisy samples are nearly all distinct, so Parquet's dictionary writer only
   * hashes every value, overflows and falls back to plain encoding — most of the CPU of writing an
   * FID table (docs/benchmarks.md, ingest). Spark's three-level list layout: {@code
   * <column>.list.element}; a map's values: {@code <column>.key_value.value.list.element}.
   */
  static List<String> dictionaryFreeColumnPaths(TableDef table) {
    List<String> paths = new ArrayList<>();
    for (org.apache.spark.sql.types.StructField f : table.schema().fields()) {
      if (isDoubles(f.dataType())) {
        paths.add(f.name() + ".list.element");
      } else if (f.dataType() instanceof org.apache.spark.sql.types.MapType m
          && isDoubles(m.valueType())) {
        paths.add(f.name() + ".key_value.value.list.element");
      }
    }
    return paths;
  }

  private static boolean isDoubles(org.apache.spark.sql.types.DataType t) {
    return t instanceof org.apache.spark.sql.types.ArrayType a
        && a.elementType().equals(org.apache.spark.sql.types.DataTypes.DoubleType);
  }

  /**
   * Writes {@code data} as {@code table}, replacing any previous version atomically, with {@code
   * provenanceJson} beside it. Columns are reordered to the table's schema.
   */
  public void write(TableDef table, Dataset<Row> data, String provenanceJson) {
    Path target = path(table);
    Path staging = new Path(new Path(root, "_staging"), table.name() + "-" + UUID.randomUUID());
    try {
      var writer =
          data.select(
                  table.columns().stream()
                      .map(data::col)
                      .toArray(org.apache.spark.sql.Column[]::new))
              .write()
              .mode(SaveMode.ErrorIfExists);
      if (!table.partitionBy().isEmpty()) {
        writer = writer.partitionBy(table.partitionBy().toArray(new String[0]));
      }
      for (String column : dictionaryFreeColumnPaths(table)) {
        writer = writer.option("parquet.enable.dictionary#" + column, "false");
      }
      writer.parquet(staging.toString());
      FileSystem fs = fs();
      try (OutputStream out = fs.create(new Path(staging, PROVENANCE_FILE), true)) {
        out.write(provenanceJson.getBytes(StandardCharsets.UTF_8));
      }
      if (fs.exists(target) && !fs.delete(target, true)) {
        throw new IOException("cannot delete previous version " + target);
      }
      fs.mkdirs(target.getParent());
      if (!fs.rename(staging, target)) {
        throw new IOException("cannot rename " + staging + " to " + target);
      }
      Path stagingRoot = staging.getParent();
      if (fs.exists(stagingRoot) && fs.listStatus(stagingRoot).length == 0) {
        fs.delete(stagingRoot, false);
      }
    } catch (IOException e) {
      cleanup(staging);
      throw new FmrsException(
          "IO", "cannot write table " + table.name() + ": " + e.getMessage(), e, "path", target);
    } catch (RuntimeException e) {
      cleanup(staging);
      throw e;
    }
  }

  private void cleanup(Path staging) {
    try {
      fs().delete(staging, true);
    } catch (IOException | RuntimeException ignored) {
      // best effort: the staging folder is never read
    }
  }

  /** Reads the provenance sidecar of a table, or null when absent. */
  public String provenance(TableDef table) {
    try {
      Path p = new Path(path(table), PROVENANCE_FILE);
      FileSystem fs = fs();
      if (!fs.exists(p)) {
        return null;
      }
      try (var in = fs.open(p)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new FmrsException("IO", "cannot read provenance", e, "table", table.name());
    }
  }
}
