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
import org.fmrs.stats.LmmOptions;
import org.fmrs.stats.LmmResult;
import org.fmrs.stats.ProfileInterval;
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
 *   <li>{@code <measure>_response}: {@code response ~ condition + period + (1 | participant)} on
 *       the session responses ({@code effects.response}: infusion-minus-baseline difference,
 *       percent change or GLM beta of a boxcar / supplied infusion time course), plus the paired
 *       effect sizes d<sub>z</sub>, d<sub>av</sub>, g<sub>av</sub> of placebo minus naltrexone;
 *   <li>{@code madrs}: {@code madrs ~ condition * time + period + (1 | participant)}, time = {@code
 *       baseline} or {@code day1} (24 h); {@code madrs_outcomes} (response and remission rates,
 *       McNemar) and {@code madrs_change} (effect sizes), see {@link Clinical}.
 * </ul>
 *
 * With more than one site, {@code site} enters every model as a fixed effect ({@code
 * effects.site=auto|fixed}), as a random intercept with participants nested in sites ({@code
 * random}: {@code (1 | site/participant)}, fitted from collected rows) or not at all ({@code
 * none}). Factors use treatment contrasts with the first level in sorted order as reference
 * (naltrexone, baseline, period 1, F), as R does. When the warehouse holds a simulated cohort, each
 * effect is written next to its true value.
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
              Rows.dbl(r, "block_end_s"),
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

    double[][] timeCourse = readTimeCourse(spark, options.regressor());
    String responseKind = options.response();
    MapGroupsFunction<String, Row, Row> summarize =
        (sessionId, rows) -> sessionSummary(rows, responseKind, timeCourse);
    Dataset<Row> sessionResponses =
        responses
            .groupByKey(
                (MapFunction<Row, String>) r -> Rows.str(r, "session_id"), Encoders.STRING())
            .mapGroups(summarize, Encoders.row(Tables.SESSION_RESPONSES.schema()));
    warehouse.write(Tables.SESSION_RESPONSES, sessionResponses, provenanceJson);

    // Group level: per-participant sufficient statistics aggregated by Spark (GroupLevel).
    Dataset<Row> blockTable =
        responses
            .filter(col("included"))
            .select(
                col("participant_id").as("participant"),
                col("site"),
                col("sex"),
                col("condition"),
                col("period").cast("string").as("period"),
                col("phase"),
                col("value"))
            .cache();
    long blocks = responses.count();
    long included = blockTable.count();
    long sessionsCount = sessions.count();

    Map<String, Double> truth = readTruth(warehouse);
    List<Effect> effects = new ArrayList<>();
    String analysis = analysisName(options);
    LmmOptions lmm =
        LmmOptions.defaults()
            .withMethod(options.reml() ? LmmOptions.Method.REML : LmmOptions.Method.ML);

    long nSites = distinct(blockTable, "site");
    String[] site = siteTerms(options.site(), nSites);
    String fixedSite = site[0];
    String random = site[1];
    effects.addAll(
        fit(
            analysis,
            "value ~ condition * phase + period" + fixedSite + " + " + random,
            blockTable,
            lmm,
            truth));
    if (distinct(blockTable, "sex") > 1) {
      effects.addAll(
          fit(
              analysis + "_sex",
              "value ~ sex * condition * phase + period" + fixedSite + " + " + random,
              blockTable,
              lmm,
              truth));
    }
    // session responses: crossover model and paired effect sizes (placebo vs naltrexone)
    Dataset<Row> sessionTable =
        warehouse
            .read(Tables.SESSION_RESPONSES)
            .select(
                col("participant_id").as("participant"),
                col("site"),
                col("condition"),
                col("period").cast("string").as("period"),
                col("response"))
            .na()
            .drop()
            .cache();
    String responseAnalysis = analysis + "_response";
    effects.addAll(
        fit(
            responseAnalysis,
            "response ~ condition + period" + fixedSite + " + " + random,
            sessionTable,
            lmm,
            truth));
    effects.addAll(
        Clinical.pairedEffectSizes(
            responseAnalysis,
            "session " + options.response() + " of " + measure,
            Clinical.pairs(sessionTable.collectAsList(), "response")));
    sessionTable.unpersist();
    Dataset<Row> sessionsWithSite =
        sessions.join(participants.select("participant_id", "site"), "participant_id");
    Dataset<Row> madrs = madrsTable(sessionsWithSite);
    if (!madrs.isEmpty()) {
      String[] madrsSite = siteTerms(options.site(), distinct(madrs, "site"));
      effects.addAll(
          fit(
              CohortTruth.MADRS,
              "madrs ~ condition * time + period" + madrsSite[0] + " + " + madrsSite[1],
              madrs,
              lmm,
              truth));
      effects.addAll(Clinical.outcomes(sessionsWithSite.collectAsList()));
    }
    blockTable.unpersist();
    warehouse.write(
        Tables.EFFECTS,
        spark.createDataFrame(toRows(effects), Tables.EFFECTS.schema()),
        provenanceJson);
    return new Result(blocks, included, sessionsCount, effects);
  }

  static Row sessionSummary(Iterator<Row> rows, String responseKind, double[][] timeCourse) {
    List<Row> list = new ArrayList<>();
    rows.forEachRemaining(list::add);
    list.sort(java.util.Comparator.comparingInt(r -> Rows.integer(r, "block_index", -1)));
    int nb = list.size();
    double[] values = new double[nb];
    boolean[] infusion = new boolean[nb];
    boolean[] included = new boolean[nb];
    double[] centre = new double[nb];
    double[] boxcar = new double[nb];
    double crlbSum = 0;
    int crlbN = 0;
    for (int i = 0; i < nb; i++) {
      Row r = list.get(i);
      values[i] = Rows.dbl(r, "value");
      infusion[i] = "infusion".equals(Rows.str(r, "phase"));
      included[i] = r.getBoolean(r.fieldIndex("included"));
      double start = Rows.dbl(r, "block_start_s");
      double end = Rows.dbl(r, "block_end_s");
      centre[i] = Double.isFinite(end) ? (start + end) / 2 : start;
      boxcar[i] = infusion[i] ? 1 : 0;
      double crlb = Rows.dbl(r, "crlb_percent");
      if (included[i] && Double.isFinite(crlb)) {
        crlbSum += crlb;
        crlbN++;
      }
    }
    SessionResponse s = FirstLevel.summarize(values, infusion, included);
    double[] regressor =
        timeCourse == null ? boxcar : FirstLevel.sample(timeCourse[0], timeCourse[1], centre);
    double beta = FirstLevel.glmBeta(values, regressor, included);
    double response =
        switch (responseKind) {
          case "percent" -> s.percentChange();
          case "glm" -> beta;
          default -> s.difference();
        };
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
        Rows.orNull(beta),
        Rows.orNull(response),
        responseKind,
        crlbN > 0 ? crlbSum / crlbN : null,
        s.nBaseline(),
        s.nInfusion(),
        s.nExcluded());
  }

  /**
   * The fixed site term ({@code " + site"} or empty) and the random part of the models for a site
   * mode ({@code auto}, {@code fixed}, {@code random}, {@code none}) and number of sites. With one
   * site there is no site term whatever the mode.
   */
  static String[] siteTerms(String mode, long nSites) {
    if (nSites <= 1 || mode.equals("none")) {
      return new String[] {"", "(1 | participant)"};
    }
    if (mode.equals("random")) {
      return new String[] {"", "(1 | site/participant)"};
    }
    return new String[] {" + site", "(1 | participant)"};
  }

  /** The {@code time_s,value} CSV of the GLM regressor as {times, values}, or null. */
  private static double[][] readTimeCourse(SparkSession spark, String path) {
    if (path == null) {
      return null;
    }
    List<Row> rows =
        spark
            .read()
            .option("header", "true")
            .option("inferSchema", "true")
            .csv(path)
            .select(col("time_s").cast("double"), col("value").cast("double"))
            .collectAsList();
    List<double[]> points = new ArrayList<>();
    for (Row r : rows) {
      if (!r.isNullAt(0) && !r.isNullAt(1)) {
        points.add(new double[] {r.getDouble(0), r.getDouble(1)});
      }
    }
    points.sort(java.util.Comparator.comparingDouble(x -> x[0]));
    double[][] out = new double[2][points.size()];
    for (int i = 0; i < points.size(); i++) {
      out[0][i] = points.get(i)[0];
      out[1][i] = points.get(i)[1];
    }
    FirstLevel.sample(out[0], out[1], new double[0]);
    return out;
  }

  /** Sessions in long format: one row per session and time ({@code baseline}, {@code day1}). */
  static Dataset<Row> madrsTable(Dataset<Row> sessions) {
    Dataset<Row> before =
        sessions.select(
            col("participant_id").as("participant"),
            col("site"),
            col("condition"),
            col("period").cast("string").as("period"),
            lit("baseline").as("time"),
            col("madrs_baseline").cast("double").as("madrs"));
    Dataset<Row> after =
        sessions.select(
            col("participant_id").as("participant"),
            col("site"),
            col("condition"),
            col("period").cast("string").as("period"),
            lit("day1").as("time"),
            col("madrs_24h").cast("double").as("madrs"));
    return before.union(after).na().drop(new String[] {"madrs"});
  }

  private static long distinct(Dataset<Row> t, String column) {
    return t.select(column).na().drop().distinct().count();
  }

  /**
   * Fits one model and flattens it into effect rows (coefficients, F tests, variances). A model
   * that cannot be fitted (too few observations, a factor with one level…) gives one {@code error}
   * row with the reason, so that the other analyses still run.
   */
  static List<Effect> fit(
      String analysis,
      String formula,
      Dataset<Row> data,
      LmmOptions options,
      Map<String, Double> truth) {
    LmmResult r;
    GroupLevel.Fit fitted;
    try {
      fitted = GroupLevel.fit(data, formula, options);
      r = fitted.result();
    } catch (FmrsException e) {
      Effect error =
          new Effect(
              analysis,
              formula,
              "error",
              "(model)",
              NAN_STATS,
              data.count(),
              0,
              false,
              null,
              e.getMessage());
      return List.of(error);
    }
    long nGroups =
        r.randomEffects().stream()
            .filter(
                v ->
                    v.group().equals("participant")
                        || v.group().startsWith("participant:")
                        || v.group().endsWith(":participant"))
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
              c.aliased()
                  ? "aliased: linearly dependent on earlier design columns (rank-deficient"
                      + " design); dropped"
                  : null));
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
    try {
      for (ProfileInterval p : fitted.profile().get()) {
        double[] stats = NAN_STATS.clone();
        stats[0] = p.estimate();
        stats[8] = p.lower();
        stats[9] = p.upper();
        out.add(
            new Effect(
                analysis,
                formula,
                "profile_ci",
                p.parameter(),
                stats,
                n,
                nGroups,
                r.singular(),
                null,
                "ML profile likelihood 95% CI (lme4 confint method = profile); estimate = ML"));
      }
    } catch (RuntimeException e) {
      // supplementary: a numerical failure of the profile must not lose the fitted model
      out.add(
          new Effect(
              analysis,
              formula,
              "error",
              "(profile)",
              NAN_STATS,
              n,
              nGroups,
              r.singular(),
              null,
              "profile intervals not computed: " + e.getMessage()));
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
