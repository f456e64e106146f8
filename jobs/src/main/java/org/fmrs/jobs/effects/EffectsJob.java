package org.fmrs.jobs.effects;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapGroupsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.fmrs.cohort.CohortTruth;
import org.fmrs.error.FmrsException;
import org.fmrs.jobs.spark.Rows;
import org.fmrs.jobs.tables.Tables;
import org.fmrs.jobs.tables.Warehouse;
import org.fmrs.response.FirstLevel;
import org.fmrs.response.QcThresholds;
import org.fmrs.response.SessionResponse;
import org.fmrs.stats.Coefficient;
import org.fmrs.stats.FTest;
import org.fmrs.stats.LinearMixedModel;
import org.fmrs.stats.LmmOptions;
import org.fmrs.stats.LmmResult;
import org.fmrs.stats.TidyTable;
import org.fmrs.stats.VarianceComponent;

/**
 * {@code fmrs effects} on a warehouse: first level ({@code responses}, {@code session_responses})
 * from {@code fits}, {@code spectra}, {@code sessions} and {@code participants}, then the study's
 * group-level mixed models into {@code effects}:
 *
 * <ul>
 *   <li>{@code <measure>}: {@code value ~ condition * phase + period + (1 | participant)} on the
 *       included blocks (the Jelen et al. 2025 model of Glx/tNAA);
 *   <li>{@code <measure>_sex}: {@code value ~ sex * condition * phase + period + (1 |
 *       participant)}, when both sexes are present;
 *   <li>{@code madrs}: {@code madrs ~ condition * time + period + (1 | participant)}, time = {@code
 *       baseline} or {@code day1} (24 h).
 * </ul>
 *
 * With more than one site, {@code site} enters every model as a fixed effect. Factors use treatment
 * contrasts with the first level in sorted order as reference (naltrexone, baseline, period 1, F),
 * as R does. When the warehouse holds a simulated cohort, each effect is written next to its true
 * value.
 */
public final class EffectsJob {
  private EffectsJob() {}

  /**
   * One row of the effects table, as printed by the demo; numbers not defined for a kind are NaN.
   */
  public record Effect(
      String analysis,
      String formula,
      String kind,
      String term,
      double estimate,
      double stdError,
      double df,
      double tValue,
      double numDf,
      double denDf,
      double fValue,
      double pValue,
      double ciLow,
      double ciHigh,
      long nObs,
      long nGroups,
      boolean singular,
      Double truth,
      String note) {

    /**
     * @param stats estimate, std_error, df, t_value, num_df, den_df, f_value, p_value, ci_low,
     *     ci_high
     */
    Effect(
        String analysis,
        String formula,
        String kind,
        String term,
        double[] stats,
        long nObs,
        long nGroups,
        boolean singular,
        Double truth,
        String note) {
      this(
          analysis, formula, kind, term, stats[0], stats[1], stats[2], stats[3], stats[4], stats[5],
          stats[6], stats[7], stats[8], stats[9], nObs, nGroups, singular, truth, note);
    }
  }

  /** What the job computed. */
  public record Result(long blocks, long blocksIncluded, long sessions, List<Effect> effects) {}

  /** Analysis label of a measure, e.g. {@code Glx/tNAA → glx_tnaa}. */
  public static String analysisName(EffectsOptions o) {
    return (o.numerator() + "_" + o.denominator()).toLowerCase(java.util.Locale.ROOT);
  }

  public static Result run(
      SparkSession spark, Warehouse warehouse, EffectsOptions options, String provenanceJson) {
    Dataset<Row> fits = warehouse.read(Tables.FITS);
    Dataset<Row> spectra =
        warehouse
            .read(Tables.SPECTRA)
            .select("spectrum_id", "block_index", "block_start_s", "block_end_s");
    Dataset<Row> sessions = warehouse.read(Tables.SESSIONS);
    Dataset<Row> participants = warehouse.read(Tables.PARTICIPANTS);

    Dataset<Row> status =
        fits.groupBy("spectrum_id")
            .agg(
                first("participant_id").as("participant_id"),
                first("session_id").as("session_id"),
                first("site").as("site"),
                first("status").as("status"),
                first("failure_reason", true).as("failure_reason"),
                first("snr", true).as("snr"),
                first("fwhm_ppm", true).as("fwhm_ppm"));
    Dataset<Row> num =
        fits.filter(col("metabolite").equalTo(lit(options.numerator())))
            .select(
                col("spectrum_id").as("num_id"),
                col("amplitude").as("num_amplitude"),
                col("crlb_percent").as("num_crlb_percent"));
    Dataset<Row> den =
        fits.filter(col("metabolite").equalTo(lit(options.denominator())))
            .select(col("spectrum_id").as("den_id"), col("amplitude").as("den_amplitude"));
    Dataset<Row> joined =
        status
            .join(num, status.col("spectrum_id").equalTo(num.col("num_id")), "left")
            .join(den, status.col("spectrum_id").equalTo(den.col("den_id")), "left")
            .join(spectra, "spectrum_id")
            .join(sessions.select("session_id", "condition", "period"), "session_id")
            .join(participants.select("participant_id", "sex"), "participant_id");

    QcThresholds qc = options.qc();
    String measure = options.measure();
    MapFunction<Row, Row> toResponse =
        r -> {
          double value = Rows.dbl(r, "num_amplitude") / Rows.dbl(r, "den_amplitude");
          double crlb = Rows.dbl(r, "num_crlb_percent");
          String st = Rows.str(r, "status");
          String reason =
              qc.exclusionReason(st, value, crlb, Rows.dbl(r, "snr"), Rows.dbl(r, "fwhm_ppm"));
          if (reason != null && !"OK".equals(st) && Rows.str(r, "failure_reason") != null) {
            reason = reason + ": " + Rows.str(r, "failure_reason");
          }
          return RowFactory.create(
              Rows.str(r, "participant_id"),
              Rows.str(r, "session_id"),
              Rows.str(r, "spectrum_id"),
              Rows.str(r, "site"),
              Rows.str(r, "sex"),
              Rows.str(r, "condition"),
              Rows.integer(r, "period", 0),
              Rows.integer(r, "block_index", -1),
              Rows.dbl(r, "block_start_s"),
              Rows.dbl(r, "block_end_s") <= 0 ? "baseline" : "infusion",
              measure,
              Double.isFinite(value) ? value : null,
              Rows.orNull(crlb),
              reason == null,
              reason);
        };
    Dataset<Row> responses = joined.map(toResponse, Encoders.row(Tables.RESPONSES.schema()));
    warehouse.write(Tables.RESPONSES, responses, provenanceJson);
    responses = warehouse.read(Tables.RESPONSES);

    MapGroupsFunction<String, Row, Row> summarize = (sessionId, rows) -> sessionSummary(rows);
    Dataset<Row> sessionResponses =
        responses
            .groupByKey(
                (MapFunction<Row, String>) r -> Rows.str(r, "session_id"), Encoders.STRING())
            .mapGroups(summarize, Encoders.row(Tables.SESSION_RESPONSES.schema()));
    warehouse.write(Tables.SESSION_RESPONSES, sessionResponses, provenanceJson);

    // Group level. The included block values are small (a few numbers per block) and are
    // collected to the driver; the model needs only per-participant sums (see org.fmrs.stats).
    List<Row> blockRows =
        responses
            .filter(col("included"))
            .select("participant_id", "site", "sex", "condition", "period", "phase", "value")
            .collectAsList();
    long blocks = responses.count();
    long sessionsCount = sessions.count();

    Map<String, Double> truth = readTruth(warehouse);
    List<Effect> effects = new ArrayList<>();
    String analysis = analysisName(options);
    LmmOptions lmm =
        LmmOptions.defaults()
            .withMethod(options.reml() ? LmmOptions.Method.REML : LmmOptions.Method.ML);

    TidyTable blockTable = blockTable(blockRows);
    boolean multiSite = distinct(blockTable, "site") > 1;
    String siteTerm = multiSite ? " + site" : "";
    effects.addAll(
        fit(
            analysis,
            "value ~ condition * phase + period" + siteTerm + " + (1 | participant)",
            blockTable,
            lmm,
            truth));
    if (distinct(blockTable, "sex") > 1) {
      effects.addAll(
          fit(
              analysis + "_sex",
              "value ~ sex * condition * phase + period" + siteTerm + " + (1 | participant)",
              blockTable,
              lmm,
              truth));
    }
    TidyTable madrs =
        madrsTable(
            sessions
                .join(participants.select("participant_id", "site"), "participant_id")
                .collectAsList());
    if (madrs.rowCount() > 0) {
      effects.addAll(
          fit(
              CohortTruth.MADRS,
              "madrs ~ condition * time + period"
                  + (distinct(madrs, "site") > 1 ? " + site" : "")
                  + " + (1 | participant)",
              madrs,
              lmm,
              truth));
    }
    warehouse.write(
        Tables.EFFECTS,
        spark.createDataFrame(toRows(effects), Tables.EFFECTS.schema()),
        provenanceJson);
    return new Result(blocks, blockRows.size(), sessionsCount, effects);
  }

  static Row sessionSummary(Iterator<Row> rows) {
    List<Row> list = new ArrayList<>();
    rows.forEachRemaining(list::add);
    list.sort(java.util.Comparator.comparingInt(r -> Rows.integer(r, "block_index", -1)));
    double[] values = new double[list.size()];
    boolean[] infusion = new boolean[list.size()];
    boolean[] included = new boolean[list.size()];
    for (int i = 0; i < values.length; i++) {
      Row r = list.get(i);
      values[i] = Rows.dbl(r, "value");
      infusion[i] = "infusion".equals(Rows.str(r, "phase"));
      included[i] = r.getBoolean(r.fieldIndex("included"));
    }
    SessionResponse s = FirstLevel.summarize(values, infusion, included);
    Row any = list.get(0);
    return RowFactory.create(
        Rows.str(any, "participant_id"),
        Rows.str(any, "session_id"),
        Rows.str(any, "site"),
        Rows.str(any, "sex"),
        Rows.str(any, "condition"),
        Rows.integer(any, "period", 0),
        Rows.str(any, "measure"),
        Rows.orNull(s.baselineMean()),
        Rows.orNull(s.infusionMean()),
        Rows.orNull(s.difference()),
        Rows.orNull(s.percentChange()),
        s.nBaseline(),
        s.nInfusion(),
        s.nExcluded());
  }

  static TidyTable blockTable(List<Row> rows) {
    int n = rows.size();
    String[] participant = new String[n];
    String[] site = new String[n];
    String[] sex = new String[n];
    String[] condition = new String[n];
    String[] period = new String[n];
    String[] phase = new String[n];
    double[] value = new double[n];
    for (int i = 0; i < n; i++) {
      Row r = rows.get(i);
      participant[i] = Rows.str(r, "participant_id");
      site[i] = Rows.str(r, "site");
      sex[i] = Rows.str(r, "sex");
      condition[i] = Rows.str(r, "condition");
      period[i] = Integer.toString(Rows.integer(r, "period", 0));
      phase[i] = Rows.str(r, "phase");
      value[i] = Rows.dbl(r, "value");
    }
    return TidyTable.builder()
        .strings("participant", participant)
        .strings("site", site)
        .strings("sex", sex)
        .strings("condition", condition)
        .strings("period", period)
        .strings("phase", phase)
        .numeric("value", value)
        .build();
  }

  /** Sessions in long format: one row per session and time (baseline, day1). */
  static TidyTable madrsTable(List<Row> sessions) {
    List<String> participant = new ArrayList<>();
    List<String> site = new ArrayList<>();
    List<String> condition = new ArrayList<>();
    List<String> period = new ArrayList<>();
    List<String> time = new ArrayList<>();
    List<Double> score = new ArrayList<>();
    for (Row r : sessions) {
      double before = Rows.dbl(r, "madrs_baseline");
      double after = Rows.dbl(r, "madrs_24h");
      String[] times = {"baseline", "day1"};
      double[] scores = {before, after};
      for (int t = 0; t < 2; t++) {
        if (Double.isFinite(scores[t])) {
          participant.add(Rows.str(r, "participant_id"));
          site.add(Rows.str(r, "site"));
          condition.add(Rows.str(r, "condition"));
          period.add(Integer.toString(Rows.integer(r, "period", 0)));
          time.add(times[t]);
          score.add(scores[t]);
        }
      }
    }
    return TidyTable.builder()
        .strings("participant", participant.toArray(new String[0]))
        .strings("site", site.toArray(new String[0]))
        .strings("condition", condition.toArray(new String[0]))
        .strings("period", period.toArray(new String[0]))
        .strings("time", time.toArray(new String[0]))
        .numeric("madrs", score.stream().mapToDouble(Double::doubleValue).toArray())
        .build();
  }

  private static long distinct(TidyTable t, String column) {
    if (t.rowCount() == 0) {
      return 0;
    }
    return java.util.Arrays.stream(t.asStrings(column))
        .filter(java.util.Objects::nonNull)
        .distinct()
        .count();
  }

  /**
   * Fits one model and flattens it into effect rows (coefficients, F tests, variances). A model
   * that cannot be fitted (too few observations, a factor with one level…) gives one {@code error}
   * row with the reason, so that the other analyses still run.
   */
  static List<Effect> fit(
      String analysis,
      String formula,
      TidyTable data,
      LmmOptions options,
      Map<String, Double> truth) {
    LmmResult r;
    try {
      r = LinearMixedModel.fit(formula, data, options);
    } catch (FmrsException e) {
      Effect error =
          new Effect(
              analysis,
              formula,
              "error",
              "(model)",
              NAN_STATS,
              data.rowCount(),
              0,
              false,
              null,
              e.getMessage());
      return List.of(error);
    }
    long nGroups =
        r.randomEffects().stream()
            .filter(v -> v.group().equals("participant"))
            .mapToLong(VarianceComponent::levels)
            .findFirst()
            .orElse(0);
    long n = r.observations();
    List<Effect> out = new ArrayList<>();
    for (Coefficient c : r.coefficients()) {
      double[] stats = {
        c.estimate(),
        c.standardError(),
        c.df(),
        c.tValue(),
        Double.NaN,
        Double.NaN,
        Double.NaN,
        c.pValue(),
        c.ciLower(),
        c.ciUpper()
      };
      out.add(
          new Effect(
              analysis,
              formula,
              "coefficient",
              c.name(),
              stats,
              n,
              nGroups,
              r.singular(),
              truth.get(analysis + "\u0000" + c.name()),
              null));
    }
    for (FTest f : r.anova()) {
      double[] stats = {
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        f.numDf(),
        f.denDf(),
        f.fValue(),
        f.pValue(),
        Double.NaN,
        Double.NaN
      };
      out.add(
          new Effect(
              analysis, formula, "anova", f.term(), stats, n, nGroups, r.singular(), null, null));
    }
    List<String> groups = new ArrayList<>();
    List<Double> variances = new ArrayList<>();
    for (VarianceComponent v : r.randomEffects()) {
      groups.add(v.group());
      variances.add(v.variance());
    }
    groups.add("Residual");
    variances.add(r.residualVariance());
    for (int i = 0; i < groups.size(); i++) {
      double[] stats = NAN_STATS.clone();
      stats[0] = variances.get(i);
      out.add(
          new Effect(
              analysis,
              formula,
              "variance",
              groups.get(i),
              stats,
              n,
              nGroups,
              r.singular(),
              null,
              null));
    }
    return out;
  }

  private static final double[] NAN_STATS = {
    Double.NaN,
    Double.NaN,
    Double.NaN,
    Double.NaN,
    Double.NaN,
    Double.NaN,
    Double.NaN,
    Double.NaN,
    Double.NaN,
    Double.NaN
  };

  private static Map<String, Double> readTruth(Warehouse warehouse) {
    Map<String, Double> truth = new HashMap<>();
    if (!warehouse.exists(Tables.TRUTH)) {
      return truth;
    }
    for (Row r : warehouse.read(Tables.TRUTH).collectAsList()) {
      truth.put(Rows.str(r, "analysis") + "\u0000" + Rows.str(r, "term"), Rows.dbl(r, "value"));
    }
    return truth;
  }

  static List<Row> toRows(List<Effect> effects) {
    List<Row> rows = new ArrayList<>();
    for (Effect e : effects) {
      rows.add(
          RowFactory.create(
              e.analysis(),
              e.formula(),
              e.kind(),
              e.term(),
              Rows.orNull(e.estimate()),
              Rows.orNull(e.stdError()),
              Rows.orNull(e.df()),
              Rows.orNull(e.tValue()),
              Rows.orNull(e.numDf()),
              Rows.orNull(e.denDf()),
              Rows.orNull(e.fValue()),
              Rows.orNull(e.pValue()),
              Rows.orNull(e.ciLow()),
              Rows.orNull(e.ciHigh()),
              e.nObs(),
              e.nGroups(),
              e.singular(),
              e.truth(),
              e.note()));
    }
    return rows;
  }
}
