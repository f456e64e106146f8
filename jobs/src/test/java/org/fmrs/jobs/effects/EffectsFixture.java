package org.fmrs.jobs.effects;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StructField;
import org.fmrs.jobs.tables.TableDef;
import org.fmrs.jobs.tables.Tables;
import org.fmrs.jobs.tables.Warehouse;

/**
 * A small warehouse with fits already in it (no spectra fitting): a crossover cohort of Glx/tNAA
 * block values with known effects, across sites, with MADRS scores and one failed block. Fast
 * enough for job tests.
 */
public final class EffectsFixture {
  private EffectsFixture() {}

  /** True Glx/tNAA increase during the infusion after naltrexone and after placebo. */
  public static final double INFUSION_NALTREXONE = 0.02;

  public static final double INFUSION_PLACEBO = 0.06;

  /** Writes participants, sessions, spectra and fits; returns the number of blocks. */
  public static int write(SparkSession spark, String root, int participants, int sites, long seed) {
    Warehouse w = new Warehouse(spark, root);
    Random rnd = new Random(seed);
    List<Row> parts = new ArrayList<>();
    List<Row> sess = new ArrayList<>();
    List<Row> spec = new ArrayList<>();
    List<Row> fits = new ArrayList<>();
    int blocks = 0;
    for (int i = 0; i < participants; i++) {
      String pid = String.format("sub-%03d", i + 1);
      String site = "S" + (i % sites + 1);
      double siteEffect = 0.05 * (i % sites);
      double u = 0.04 * rnd.nextGaussian();
      parts.add(
          row(
              Tables.PARTICIPANTS,
              Map.of(
                  "participant_id",
                  pid,
                  "site",
                  site,
                  "sex",
                  i % 2 == 0 ? "F" : "M",
                  "sequence",
                  i % 2 == 0 ? "NP" : "PN")));
      for (int period = 1; period <= 2; period++) {
        boolean nal = (period == 1) == (i % 2 == 0);
        String cond = nal ? "naltrexone" : "placebo";
        String sid = pid + "_ses-" + period;
        double madrs0 = 28 + 4 * rnd.nextGaussian();
        double madrs24 = Math.max(0, madrs0 * (nal ? 0.6 : 0.45) + 5 * rnd.nextGaussian());
        sess.add(
            row(
                Tables.SESSIONS,
                Map.of(
                    "participant_id",
                    pid,
                    "session_id",
                    sid,
                    "period",
                    period,
                    "condition",
                    cond,
                    "madrs_baseline",
                    madrs0,
                    "madrs_24h",
                    madrs24)));
        for (int b = 0; b < 8; b++) {
          String spid = sid + "_blk-" + b;
          double start = -1200 + 300.0 * b;
          boolean inf = start >= 0;
          double value =
              1.0
                  + siteEffect
                  + u
                  + 0.01 * period
                  + (inf ? (nal ? INFUSION_NALTREXONE : INFUSION_PLACEBO) : 0)
                  + 0.02 * rnd.nextGaussian();
          Map<String, Object> s = new HashMap<>();
          s.put("spectrum_id", spid);
          s.put("participant_id", pid);
          s.put("session_id", sid);
          s.put("site", site);
          s.put("block_index", b);
          s.put("block_start_s", start);
          s.put("block_end_s", start + 300);
          s.put("dwell_time_s", 2.5e-4);
          s.put("central_frequency_hz", 123.2e6);
          spec.add(row(Tables.SPECTRA, s));
          blocks++;
          Map<String, Object> f = new HashMap<>();
          f.put("spectrum_id", spid);
          f.put("participant_id", pid);
          f.put("session_id", sid);
          f.put("site", site);
          f.put("block_index", b);
          f.put("snr", 25.0 + rnd.nextGaussian());
          f.put("fwhm_ppm", 0.05 + 0.005 * rnd.nextGaussian());
          if (i == 0 && period == 1 && b == 2) {
            f.put("status", "FAILED");
            f.put("failure_reason", "fixture: simulated failure");
            fits.add(row(Tables.FITS, f));
            continue;
          }
          f.put("status", "OK");
          Map<String, Object> glx = new HashMap<>(f);
          glx.put("metabolite", "Glx");
          glx.put("amplitude", 10 * value);
          glx.put("crlb_percent", 6.0 + rnd.nextDouble());
          fits.add(row(Tables.FITS, glx));
          Map<String, Object> naa = new HashMap<>(f);
          naa.put("metabolite", "tNAA");
          naa.put("amplitude", 10.0);
          naa.put("crlb_percent", 2.0);
          fits.add(row(Tables.FITS, naa));
        }
      }
    }
    String prov = "{}";
    w.write(Tables.PARTICIPANTS, df(spark, Tables.PARTICIPANTS, parts), prov);
    w.write(Tables.SESSIONS, df(spark, Tables.SESSIONS, sess), prov);
    w.write(Tables.SPECTRA, df(spark, Tables.SPECTRA, spec), prov);
    w.write(Tables.FITS, df(spark, Tables.FITS, fits), prov);
    return blocks;
  }

  private static org.apache.spark.sql.Dataset<Row> df(
      SparkSession spark, TableDef t, List<Row> rows) {
    return spark.createDataFrame(rows, t.schema());
  }

  /** A row of the table's schema: given values, else null, else a neutral non-null value. */
  private static Row row(TableDef t, Map<String, ?> values) {
    StructField[] fields = t.schema().fields();
    Object[] out = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      StructField f = fields[i];
      Object v = values.get(f.name());
      if (v == null && !f.nullable()) {
        if (f.dataType() instanceof ArrayType) {
          v = List.of(0.0);
        } else if (f.dataType() instanceof DoubleType) {
          v = 0.0;
        } else if (f.dataType() instanceof IntegerType) {
          v = 0;
        } else if (f.dataType() instanceof LongType) {
          v = 0L;
        } else if (f.dataType() instanceof BooleanType) {
          v = false;
        } else {
          v = "";
        }
      }
      out[i] = v;
    }
    return RowFactory.create(out);
  }
}
