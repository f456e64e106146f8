package org.fmrs.jobs.ingest;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.fmrs.error.InvalidInputException;
import org.fmrs.error.InvalidOptionsException;
import org.fmrs.io.ReadOptions;
import org.fmrs.jobs.ingest.IngestPlan.FileRef;
import org.fmrs.jobs.ingest.IngestPlan.ParticipantInfo;
import org.fmrs.jobs.ingest.IngestPlan.SessionTask;
import org.fmrs.jobs.tables.TableDef;
import org.fmrs.jobs.tables.Tables;
import org.fmrs.jobs.tables.Warehouse;
import org.fmrs.preproc.CoilOptions;
import scala.Tuple2;

/**
 * {@code fmrs ingest}: reads scanner files into the warehouse.
 *
 * <p>The driver lists the input folder (any Hadoop FileSystem) and builds an {@link IngestPlan};
 * whole sessions are distributed over Spark tasks (a few partitions per core), and each task reads
 * its files' bytes through the FileSystem of each path ({@link SessionReader}). A file that cannot
 * be read becomes an {@code ingest_errors} row; the others are ingested.
 *
 * <p>Modes: {@code OVERWRITE} replaces the five tables (rerunning on the same input gives the same
 * tables); {@code APPEND} skips files whose (path, SHA-256) is already in {@code transients} or
 * {@code water_references}, replaces the rows of files whose content changed, and merges
 * participants and sessions by id (new values win).
 */
public final class IngestJob {
  private IngestJob() {}

  /** Partitions of the session list per core (Spark's default parallelism). */
  static final int SLICES_PER_CORE = 4;

  /** Write mode. */
  public enum Mode {
    OVERWRITE,
    APPEND;

    /** Parses {@code overwrite} or {@code append} (any case). */
    public static Mode parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new InvalidOptionsException("--mode must be overwrite or append", "mode", s);
      }
    }
  }

  /**
   * Options of one run.
   *
   * @param input input folder URI
   * @param mapping mapping CSV URI, or null for a BIDS dataset
   * @param mode write mode
   * @param keepPersonal header fields kept although classed as personal
   * @param coil coil-combination options (the method is chosen per file)
   */
  public record Options(
      String input, String mapping, Mode mode, Set<String> keepPersonal, CoilOptions coil)
      implements Serializable {
    /** Provenance entries. */
    public Map<String, String> toMap() {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("ingest.input", input);
      m.put("ingest.mapping", mapping == null ? "" : mapping);
      m.put("ingest.mode", mode.name().toLowerCase(Locale.ROOT));
      m.put("ingest.keep_personal", String.join(",", keepPersonal));
      coil.toMap().forEach((k, v) -> m.put("ingest.coil." + k, v));
      m.put("ingest.coil.method", "WATER_REFERENCE if the session has one, else SVD");
      return m;
    }
  }

  /** Counts of this run (new rows in append mode). */
  public record Result(
      int participants,
      int sessions,
      int files,
      long transients,
      long waterReferences,
      long errors,
      long skippedFiles) {}

  public static Result run(
      SparkSession spark, Warehouse warehouse, Options options, String provenanceJson) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    IngestPlan plan =
        options.mapping() == null
            ? IngestPlan.bids(conf, options.input())
            : IngestPlan.mapped(conf, options.input(), options.mapping());
    int files = plan.sessions().stream().mapToInt(s -> s.files().size()).sum();
    if (files == 0) {
      throw new InvalidInputException(
          options.mapping() == null
              ? "no MRS data files found (expected sub-*/[ses-*/]mrs/*)"
              : "no file matches a pattern of the mapping",
          "input",
          options.input());
    }
    boolean append = options.mode() == Mode.APPEND;
    Set<String> known = new HashSet<>();
    if (append) {
      for (TableDef t : List.of(Tables.TRANSIENTS, Tables.WATER_REFERENCES)) {
        if (warehouse.exists(t)) {
          for (Row r :
              warehouse.read(t).select("file_path", "file_sha256").distinct().collectAsList()) {
            known.add(SessionReader.key(r.getString(0), r.getString(1)));
          }
        }
      }
    }
    Map<String, String> confMap = new HashMap<>();
    for (Map.Entry<String, String> e : conf) {
      confMap.put(e.getKey(), e.getValue());
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<Set<String>> knownBc = jsc.broadcast(known);
    Broadcast<Map<String, String>> confBc = jsc.broadcast(confMap);
    ReadOptions ro = ReadOptions.defaults().withKeepPersonalFields(options.keepPersonal());
    CoilOptions coil = options.coil();
    // whole sessions per partition, a few partitions per core: one task (and one Parquet file
    // per table) per session made task and file overheads dominate with many small sessions
    int slices =
        Math.min(plan.sessions().size(), Math.max(1, jsc.defaultParallelism() * SLICES_PER_CORE));
    JavaRDD<Tuple2<Integer, Row>> out =
        jsc.parallelize(plan.sessions(), slices)
            .mapPartitions(
                it -> {
                  Configuration c = SessionReader.configuration(confBc.value());
                  return new Iterator<Tuple2<Integer, Row>>() {
                    private Iterator<Tuple2<Integer, Row>> cur =
                        java.util.Collections.emptyIterator();

                    @Override
                    public boolean hasNext() {
                      while (!cur.hasNext() && it.hasNext()) {
                        cur =
                            SessionReader.read(it.next(), c, ro, coil, knownBc.value()).iterator();
                      }
                      return cur.hasNext();
                    }

                    @Override
                    public Tuple2<Integer, Row> next() {
                      if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                      }
                      return cur.next();
                    }
                  };
                })
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> transients = frame(spark, out, SessionReader.TRANSIENT, Tables.TRANSIENTS);
      Dataset<Row> water = frame(spark, out, SessionReader.WATER, Tables.WATER_REFERENCES);
      Dataset<Row> errors = frame(spark, out, SessionReader.ERROR, Tables.INGEST_ERRORS);
      // one pass over the cached output for the counts and the files that produced rows
      long nTransients = 0;
      long nWater = 0;
      long nErrors = 0;
      Set<String> fresh = new HashSet<>();
      Set<String> failed = new HashSet<>();
      for (Tuple2<Integer, String> t :
          out.map(
                  x ->
                      new Tuple2<>(x._1(), x._2().getString(x._1() == SessionReader.ERROR ? 0 : 3)))
              .collect()) {
        switch (t._1()) {
          case SessionReader.TRANSIENT -> nTransients++;
          case SessionReader.WATER -> nWater++;
          default -> nErrors++;
        }
        (t._1() == SessionReader.ERROR ? failed : fresh).add(t._2());
      }
      List<String> newPaths = new ArrayList<>(fresh);
      List<String> planned = new ArrayList<>();
      for (SessionTask s : plan.sessions()) {
        for (FileRef f : s.files()) {
          planned.add(f.path());
        }
      }
      long skipped = append ? files - newPaths.size() - failed.size() : 0;
      if (append) {
        transients = merge(warehouse, Tables.TRANSIENTS, transients, newPaths);
        water = merge(warehouse, Tables.WATER_REFERENCES, water, newPaths);
        errors = merge(warehouse, Tables.INGEST_ERRORS, errors, planned);
      }
      warehouse.write(
          Tables.PARTICIPANTS, participants(spark, warehouse, plan, append), provenanceJson);
      warehouse.write(Tables.SESSIONS, sessions(spark, warehouse, plan, append), provenanceJson);
      warehouse.write(Tables.TRANSIENTS, transients, provenanceJson);
      warehouse.write(Tables.WATER_REFERENCES, water, provenanceJson);
      warehouse.write(Tables.INGEST_ERRORS, errors, provenanceJson);
      return new Result(
          plan.participants().size(),
          plan.sessions().size(),
          files,
          nTransients,
          nWater,
          nErrors,
          Math.max(0, skipped));
    } finally {
      out.unpersist(false);
    }
  }

  private static Dataset<Row> frame(
      SparkSession spark, JavaRDD<Tuple2<Integer, Row>> out, int tag, TableDef table) {
    JavaRDD<Row> rows = out.filter(x -> x._1() == tag).map(Tuple2::_2);
    return spark.createDataFrame(rows, table.schema());
  }

  /** Existing rows of {@code table} whose file is not in {@code replaced}, plus {@code fresh}. */
  private static Dataset<Row> merge(
      Warehouse warehouse, TableDef table, Dataset<Row> fresh, List<String> replaced) {
    if (!warehouse.exists(table)) {
      return fresh;
    }
    Column[] cols = table.columns().stream().map(c -> col(c)).toArray(Column[]::new);
    Dataset<Row> old = warehouse.read(table).select(cols);
    if (!replaced.isEmpty()) {
      old = old.filter(col("file_path").isin(replaced.toArray()).unary_$bang());
    }
    return old.unionByName(fresh.select(cols));
  }

  private static Dataset<Row> participants(
      SparkSession spark, Warehouse warehouse, IngestPlan plan, boolean append) {
    Map<String, Row> rows = new java.util.TreeMap<>();
    if (append && warehouse.exists(Tables.PARTICIPANTS)) {
      for (Row r : warehouse.read(Tables.PARTICIPANTS).collectAsList()) {
        rows.put(
            r.getAs("participant_id"),
            RowFactory.create(
                r.getAs("participant_id"),
                r.getAs("site"),
                r.getAs("sex"),
                r.getAs("age_years"),
                r.getAs("sequence")));
      }
    }
    for (ParticipantInfo p : plan.participants()) {
      rows.put(
          p.participantId(),
          RowFactory.create(p.participantId(), p.site(), p.sex(), p.ageYears(), p.sequence()));
    }
    return spark.createDataFrame(new ArrayList<>(rows.values()), Tables.PARTICIPANTS.schema());
  }

  private static Dataset<Row> sessions(
      SparkSession spark, Warehouse warehouse, IngestPlan plan, boolean append) {
    Map<String, Row> rows = new java.util.TreeMap<>();
    if (append && warehouse.exists(Tables.SESSIONS)) {
      for (Row r : warehouse.read(Tables.SESSIONS).collectAsList()) {
        rows.put(
            r.getAs("session_id"),
            RowFactory.create(
                r.getAs("participant_id"),
                r.getAs("session_id"),
                r.getAs("period"),
                r.getAs("condition"),
                r.getAs("madrs_baseline"),
                r.getAs("madrs_24h")));
      }
    }
    for (SessionTask s : plan.sessions()) {
      rows.put(
          s.sessionId(),
          RowFactory.create(
              s.participantId(),
              s.sessionId(),
              s.period(),
              s.condition(),
              s.madrsBaseline(),
              s.madrs24h()));
    }
    return spark.createDataFrame(new ArrayList<>(rows.values()), Tables.SESSIONS.schema());
  }
}
