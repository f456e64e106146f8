package org.fmrs.jobs.effects;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.stddev_samp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.fmrs.jobs.spark.Rows;
import org.fmrs.jobs.tables.Tables;
import org.fmrs.jobs.tables.Warehouse;

/**
 * A self-contained static HTML report of a warehouse (no scripts, no external resources; plots are
 * inline SVG): cohort summary, QC (fit status counts, SNR and FWHM histograms), the measure's time
 * course by condition (mean ± SEM of the included blocks), example fits (data, fit, baseline and
 * residual of a few spectra) when the warehouse has {@code fit_curves}, every table of the {@code
 * effects} table (coefficients, Type III F, variances, rates, paired tests, effect sizes, errors)
 * and the effects next to their simulated truth when present. Spark computes only small aggregates
 * and collects the curves of the plotted spectra only.
 */
public final class HtmlReport {
  private HtmlReport() {}

  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};

  /** Builds the report of a warehouse ({@code effects} must have been run). */
  public static String build(Warehouse w) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>fmrs report</title>\n<style>\n")
        .append("body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}\n")
        .append("table{border-collapse:collapse;margin:0.5em 0 1.5em;font-size:13px}\n")
        .append("th,td{border:1px solid #ccc;padding:2px 6px;text-align:right}\n")
        .append("th{background:#f0f0f0}td.l,th.l{text-align:left}\n")
        .append("h2{border-bottom:1px solid #888;margin-top:1.5em}svg{margin:0 1em 1em 0}\n")
        .append(".err{color:#a00}\n</style>\n</head>\n<body>\n")
        .append("<h1>fmrs report</h1>\n<p>Warehouse: <code>")
        .append(esc(w.root().toString()))
        .append("</code></p>\n");
    cohort(h, w);
    qc(h, w);
    exampleFits(h, w);
    timeCourse(h, w);
    effects(h, w);
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  private static void cohort(StringBuilder h, Warehouse w) {
    h.append("<h2>Cohort</h2>\n<table>\n");
    if (w.exists(Tables.PARTICIPANTS)) {
      Row p =
          w.read(Tables.PARTICIPANTS)
              .agg(countDistinct("participant_id"), countDistinct("site"))
              .first();
      kv(h, "participants", p.getLong(0));
      kv(h, "sites", p.getLong(1));
    }
    if (w.exists(Tables.SESSIONS)) {
      Dataset<Row> s = w.read(Tables.SESSIONS);
      kv(h, "sessions", s.count());
      for (Row r : s.groupBy("condition").count().orderBy("condition").collectAsList()) {
        kv(h, "sessions " + r.getString(0), r.getLong(1));
      }
    }
    if (w.exists(Tables.FITS)) {
      kv(h, "spectra fitted", w.read(Tables.FITS).select("spectrum_id").distinct().count());
    }
    if (w.exists(Tables.RESPONSES)) {
      Dataset<Row> r = w.read(Tables.RESPONSES);
      kv(h, "blocks", r.count());
      kv(h, "blocks passing QC", r.filter(col("included")).count());
    }
    h.append("</table>\n");
  }

  private static void qc(StringBuilder h, Warehouse w) {
    if (!w.exists(Tables.FITS)) {
      return;
    }
    h.append("<h2>Quality control</h2>\n");
    Dataset<Row> spectra =
        w.read(Tables.FITS)
            .groupBy("spectrum_id")
            .agg(
                first("status").as("status"),
                first("snr", true).as("snr"),
                first("fwhm_ppm", true).as("fwhm_ppm"))
            .cache();
    Map<String, Double> status = new LinkedHashMap<>();
    for (Row r : spectra.groupBy("status").count().orderBy("status").collectAsList()) {
      status.put(r.getString(0), (double) r.getLong(1));
    }
    h.append(bars("Fit status (spectra)", status));
    h.append(histogram(spectra, "snr", "SNR"));
    h.append(histogram(spectra, "fwhm_ppm", "FWHM (ppm)"));
    spectra.unpersist();
    if (w.exists(Tables.RESPONSES)) {
      h.append(
          "<h3>Exclusions</h3>\n<table>\n<tr><th class=\"l\">reason</th><th>blocks</th></tr>\n");
      for (Row r :
          w.read(Tables.RESPONSES)
              .filter(col("included").equalTo(lit(false)))
              .groupBy("exclusion_reason")
              .count()
              .orderBy(col("count").desc())
              .limit(20)
              .collectAsList()) {
        h.append("<tr><td class=\"l\">")
            .append(esc(String.valueOf(r.get(0))))
            .append("</td><td>")
            .append(r.getLong(1))
            .append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
  }

  /** Spectra plotted in "Example fits". */
  static final int EXAMPLE_FITS = 4;

  /**
   * "Example fits": up to {@link #EXAMPLE_FITS} spectra of {@code fit_curves}, each plotted as
   * data, fit, baseline and residual (offset below). Chosen deterministically: spectra with status
   * OK before the others, then per condition (from {@code sessions}, when present) the lowest
   * spectrum_id first, taking conditions in turn, so each condition is shown. {@code fmrs fit
   * --curves} writes both tables with the same provenance; when they differ, {@code fit_curves} is
   * left from an earlier fit and is not plotted.
   */
  private static void exampleFits(StringBuilder h, Warehouse w) {
    if (!w.exists(Tables.FIT_CURVES)) {
      return;
    }
    String curvesProvenance = w.provenance(Tables.FIT_CURVES);
    if (w.exists(Tables.FITS)
        && (curvesProvenance == null || !curvesProvenance.equals(w.provenance(Tables.FITS)))) {
      h.append("<h2>Example fits</h2>\n<p class=\"err\">fit_curves was not written by the fit")
          .append(" that wrote fits (an earlier run); rerun <code>fmrs fit --curves</code> to")
          .append(" plot example fits.</p>\n");
      return;
    }
    Dataset<Row> curves = w.read(Tables.FIT_CURVES);
    if (w.exists(Tables.SESSIONS)) {
      Dataset<Row> conditions =
          w.read(Tables.SESSIONS)
              .select(col("session_id").as("sessions_session_id"), col("condition"))
              .dropDuplicates("sessions_session_id");
      curves =
          curves
              .join(
                  conditions,
                  curves.col("session_id").equalTo(conditions.col("sessions_session_id")),
                  "left")
              .drop("sessions_session_id");
    } else {
      curves = curves.withColumn("condition", lit(null).cast("string"));
    }
    var byCondition =
        org.apache.spark.sql.expressions.Window.partitionBy("condition")
            .orderBy(col("status").notEqual(lit("OK")), col("spectrum_id"));
    List<Row> rows =
        curves
            .withColumn("rank", org.apache.spark.sql.functions.row_number().over(byCondition))
            .orderBy(col("rank"), col("condition"))
            .limit(EXAMPLE_FITS)
            .select(
                "spectrum_id", "condition", "status", "ppm", "data", "fit", "baseline", "residual")
            .collectAsList();
    if (rows.isEmpty()) {
      return;
    }
    h.append("<h2>Example fits</h2>\n<p>Real part of the phased spectrum (data), the fitted model")
        .append(" (fit) and its baseline, with the residual (data − fit) offset below; arbitrary")
        .append(" amplitude units, ppm decreasing to the right.</p>\n");
    for (Row r : rows) {
      String condition = Rows.str(r, "condition");
      String title =
          Rows.str(r, "spectrum_id")
              + (condition == null ? "" : " (" + condition + ")")
              + ("OK".equals(Rows.str(r, "status")) ? "" : " " + Rows.str(r, "status"));
      h.append(spectrumPlot(title, r));
    }
  }

  private static void timeCourse(StringBuilder h, Warehouse w) {
    if (!w.exists(Tables.RESPONSES)) {
      return;
    }
    List<Row> rows =
        w.read(Tables.RESPONSES)
            .filter(col("included"))
            .groupBy("measure", "condition", "block_index")
            .agg(
                avg("block_start_s").as("t"),
                avg("value").as("mean"),
                stddev_samp("value").as("sd"),
                count(lit(1)).as("n"))
            .orderBy("measure", "condition", "block_index")
            .collectAsList();
    if (rows.isEmpty()) {
      return;
    }
    Map<String, Map<String, List<double[]>>> byMeasure = new TreeMap<>();
    for (Row r : rows) {
      double n = ((Number) r.getAs("n")).doubleValue();
      double sem = n > 1 ? Rows.dbl(r, "sd") / Math.sqrt(n) : 0;
      byMeasure
          .computeIfAbsent(r.getString(0), k -> new TreeMap<>())
          .computeIfAbsent(r.getString(1), k -> new ArrayList<>())
          .add(new double[] {Rows.dbl(r, "t") / 60, Rows.dbl(r, "mean"), sem, n});
    }
    h.append("<h2>Time course</h2>\n");
    for (var m : byMeasure.entrySet()) {
      h.append(lines(m.getKey() + " by condition (mean ± SEM of included blocks)", m.getValue()));
      h.append("<table>\n<tr><th class=\"l\">condition</th><th>block start (min)</th>")
          .append("<th>mean</th><th>SEM</th><th>n</th></tr>\n");
      for (var c : m.getValue().entrySet()) {
        for (double[] p : c.getValue()) {
          h.append("<tr><td class=\"l\">")
              .append(esc(c.getKey()))
              .append("</td><td>")
              .append(num(p[0]))
              .append("</td><td>")
              .append(num(p[1]))
              .append("</td><td>")
              .append(num(p[2]))
              .append("</td><td>")
              .append((long) p[3])
              .append("</td></tr>\n");
        }
      }
      h.append("</table>\n");
    }
  }

  private static void effects(StringBuilder h, Warehouse w) {
    if (!w.exists(Tables.EFFECTS)) {
      h.append("<p class=\"err\">No effects table: run <code>fmrs effects</code> first.</p>\n");
      return;
    }
    List<Row> rows = w.read(Tables.EFFECTS).collectAsList();
    h.append("<h2>Group-level models and outcomes</h2>\n");
    Map<String, List<Row>> byModel = new TreeMap<>();
    for (Row r : rows) {
      byModel
          .computeIfAbsent(
              Rows.str(r, "analysis") + " — " + Rows.str(r, "formula"), k -> new ArrayList<>())
          .add(r);
    }
    for (var e : byModel.entrySet()) {
      h.append("<h3>").append(esc(e.getKey())).append("</h3>\n");
      Row first = e.getValue().get(0);
      h.append("<p>n = ")
          .append(longOrBlank(first, "n_obs"))
          .append(", participants/pairs = ")
          .append(longOrBlank(first, "n_groups"))
          .append(Boolean.TRUE.equals(first.getAs("singular")) ? ", singular fit" : "")
          .append("</p>\n");
      table(
          h,
          e.getValue(),
          "coefficient",
          "Coefficients (Satterthwaite t)",
          new String[] {"estimate", "std_error", "df", "t_value", "p_value", "ci_low", "ci_high"});
      table(
          h,
          e.getValue(),
          "anova",
          "Type III F tests",
          new String[] {"num_df", "den_df", "f_value", "p_value"});
      table(h, e.getValue(), "variance", "Variance components", new String[] {"estimate"});
      table(
          h,
          e.getValue(),
          "profile_ci",
          "Profile-likelihood 95% CIs (ML; SDs, sigma, fixed effects)",
          new String[] {"estimate", "ci_low", "ci_high"});
      table(
          h,
          e.getValue(),
          "rate",
          "Rates (Wilson 95% CI)",
          new String[] {"estimate", "ci_low", "ci_high"});
      table(
          h,
          e.getValue(),
          "paired_test",
          "Paired tests (exact McNemar)",
          new String[] {"estimate", "p_value"});
      table(
          h,
          e.getValue(),
          "effect_size",
          "Effect sizes (95% CI)",
          new String[] {"estimate", "ci_low", "ci_high"});
      for (Row r : e.getValue()) {
        if ("error".equals(Rows.str(r, "kind"))) {
          h.append("<p class=\"err\">Not computed (")
              .append(esc(Rows.str(r, "term")))
              .append("): ")
              .append(esc(Rows.str(r, "note")))
              .append("</p>\n");
        }
      }
    }
    List<Row> truth = new ArrayList<>();
    for (Row r : rows) {
      if (!r.isNullAt(r.fieldIndex("truth")) && "coefficient".equals(Rows.str(r, "kind"))) {
        truth.add(r);
      }
    }
    if (!truth.isEmpty()) {
      h.append("<h2>Effects vs simulated truth</h2>\n");
      h.append(forest(truth));
      h.append("<table>\n<tr><th class=\"l\">analysis</th><th class=\"l\">term</th><th>truth</th>")
          .append("<th>estimate</th><th>ci_low</th><th>ci_high</th><th>truth in CI</th></tr>\n");
      for (Row r : truth) {
        double t = Rows.dbl(r, "truth");
        boolean in = t >= Rows.dbl(r, "ci_low") && t <= Rows.dbl(r, "ci_high");
        h.append("<tr><td class=\"l\">")
            .append(esc(Rows.str(r, "analysis")))
            .append("</td><td class=\"l\">")
            .append(esc(Rows.str(r, "term")))
            .append("</td><td>")
            .append(num(t))
            .append("</td><td>")
            .append(num(Rows.dbl(r, "estimate")))
            .append("</td><td>")
            .append(num(Rows.dbl(r, "ci_low")))
            .append("</td><td>")
            .append(num(Rows.dbl(r, "ci_high")))
            .append("</td><td>")
            .append(in ? "yes" : "<b>no</b>")
            .append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
  }

  private static void table(
      StringBuilder h, List<Row> rows, String kind, String title, String[] columns) {
    List<Row> sel = rows.stream().filter(r -> kind.equals(Rows.str(r, "kind"))).toList();
    if (sel.isEmpty()) {
      return;
    }
    h.append("<h4>").append(esc(title)).append("</h4>\n<table>\n<tr><th class=\"l\">term</th>");
    for (String c : columns) {
      h.append("<th>").append(c).append("</th>");
    }
    h.append("<th class=\"l\">note</th></tr>\n");
    for (Row r : sel) {
      h.append("<tr><td class=\"l\">").append(esc(Rows.str(r, "term"))).append("</td>");
      for (String c : columns) {
        h.append("<td>").append(num(Rows.dbl(r, c))).append("</td>");
      }
      String note = Rows.str(r, "note");
      h.append("<td class=\"l\">").append(note == null ? "" : esc(note)).append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  /** Formats a number as the report does (4 significant digits; empty for NaN). */
  public static String num(double v) {
    if (Double.isNaN(v)) {
      return "";
    }
    if (v != 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) {
      return String.format(Locale.ROOT, "%.3e", v);
    }
    return String.format(Locale.ROOT, "%.4g", v);
  }

  private static String longOrBlank(Row r, String column) {
    int i = r.fieldIndex(column);
    return r.isNullAt(i) ? "" : String.valueOf(((Number) r.get(i)).longValue());
  }

  private static void kv(StringBuilder h, String k, long v) {
    h.append("<tr><th class=\"l\">")
        .append(esc(k))
        .append("</th><td>")
        .append(v)
        .append("</td></tr>\n");
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  // ---- SVG ----

  private static final int W = 460;
  private static final int H = 260;
  private static final int L = 60;
  private static final int R = 20;
  private static final int T = 30;
  private static final int B = 40;

  private static String frame(String title) {
    return "<svg width=\""
        + W
        + "\" height=\""
        + H
        + "\" viewBox=\"0 0 "
        + W
        + " "
        + H
        + "\" font-family=\"sans-serif\" font-size=\"11\">\n<text x=\""
        + W / 2
        + "\" y=\"16\" text-anchor=\"middle\" font-size=\"13\">"
        + esc(title)
        + "</text>\n<line x1=\""
        + L
        + "\" y1=\""
        + (H - B)
        + "\" x2=\""
        + (W - R)
        + "\" y2=\""
        + (H - B)
        + "\" stroke=\"#333\"/>\n<line x1=\""
        + L
        + "\" y1=\""
        + T
        + "\" x2=\""
        + L
        + "\" y2=\""
        + (H - B)
        + "\" stroke=\"#333\"/>\n";
  }

  private static double sx(double v, double lo, double hi) {
    return L + (hi > lo ? (v - lo) / (hi - lo) : 0.5) * (W - L - R);
  }

  private static double sy(double v, double lo, double hi) {
    return H - B - (hi > lo ? (v - lo) / (hi - lo) : 0.5) * (H - T - B);
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String yTicks(double lo, double hi) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i <= 4; i++) {
      double v = lo + (hi - lo) * i / 4;
      double y = sy(v, lo, hi);
      s.append("<text x=\"")
          .append(L - 4)
          .append("\" y=\"")
          .append(f(y + 4))
          .append("\" text-anchor=\"end\">")
          .append(num(v))
          .append("</text>\n");
    }
    return s.toString();
  }

  private static String xTicks(double lo, double hi) {
    return xTicks(lo, hi, false);
  }

  /** x tick labels; {@code reversed} puts {@code hi} on the left (the MRS ppm axis). */
  private static String xTicks(double lo, double hi, boolean reversed) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i <= 4; i++) {
      double v = lo + (hi - lo) * i / 4;
      s.append("<text x=\"")
          .append(f(sx(reversed ? lo + hi - v : v, lo, hi)))
          .append("\" y=\"")
          .append(H - B + 14)
          .append("\" text-anchor=\"middle\">")
          .append(num(v))
          .append("</text>\n");
    }
    return s.toString();
  }

  /** Points plotted per curve at most (longer curves are decimated by a stride). */
  private static final int MAX_PLOT_POINTS = 1000;

  /**
   * One fit of {@code fit_curves} (row with ppm, data, fit, baseline, residual): data, fit and
   * baseline, and the residual shifted below them; ppm decreasing from left to right.
   */
  private static String spectrumPlot(String title, Row r) {
    double[] ppm = Rows.doubles(r, "ppm");
    double[][] curves = {
      Rows.doubles(r, "data"),
      Rows.doubles(r, "fit"),
      Rows.doubles(r, "baseline"),
      Rows.doubles(r, "residual")
    };
    String[] labels = {"data", "fit", "baseline", "residual (offset)"};
    String[] colours = {"#555", COLOURS[1], COLOURS[2], COLOURS[0]};
    double top = Double.NEGATIVE_INFINITY;
    double bottom = Double.POSITIVE_INFINITY;
    for (int c = 0; c < 3; c++) {
      for (double v : curves[c]) {
        top = Math.max(top, v);
        bottom = Math.min(bottom, v);
      }
    }
    double resLo = Double.POSITIVE_INFINITY;
    double resHi = Double.NEGATIVE_INFINITY;
    for (double v : curves[3]) {
      resLo = Math.min(resLo, v);
      resHi = Math.max(resHi, v);
    }
    // the residual sits below the lowest of the other curves, with a small gap
    double gap = 0.05 * (top - bottom);
    double offset = bottom - gap - resHi;
    double ylo = resLo + offset - gap;
    double yhi = top + gap;
    double xlo = ppm[0];
    double xhi = ppm[ppm.length - 1];
    StringBuilder s = new StringBuilder(frame(title));
    s.append(yTicks(ylo, yhi)).append(xTicks(xlo, xhi, true));
    s.append("<text x=\"")
        .append((W + L) / 2)
        .append("\" y=\"")
        .append(H - 8)
        .append("\" text-anchor=\"middle\">chemical shift (ppm)</text>\n")
        .append("<text x=\"4\" y=\"")
        .append(T - 8)
        .append("\">signal (a.u.)</text>\n");
    // zero line of the offset residual
    s.append("<line x1=\"")
        .append(L)
        .append("\" y1=\"")
        .append(f(sy(offset, ylo, yhi)))
        .append("\" x2=\"")
        .append(W - R)
        .append("\" y2=\"")
        .append(f(sy(offset, ylo, yhi)))
        .append("\" stroke=\"#bbb\" stroke-dasharray=\"2 3\"/>\n");
    int stride = Math.max(1, (ppm.length + MAX_PLOT_POINTS - 1) / MAX_PLOT_POINTS);
    for (int c = 0; c < curves.length; c++) {
      double shift = c == 3 ? offset : 0;
      StringBuilder pts = new StringBuilder();
      for (int i = 0; i < ppm.length; i += stride) {
        pts.append(f(sx(xlo + xhi - ppm[i], xlo, xhi)))
            .append(',')
            .append(f(sy(curves[c][i] + shift, ylo, yhi)))
            .append(' ');
      }
      s.append("<polyline fill=\"none\" stroke-width=\"")
          .append(c == 0 ? "1" : "1.5")
          .append("\" stroke=\"")
          .append(colours[c])
          .append(c == 2 ? "\" stroke-dasharray=\"5 3" : "")
          .append("\" points=\"")
          .append(pts.toString().trim())
          .append("\"/>\n<text x=\"")
          .append(W - R - 4)
          .append("\" y=\"")
          .append(T + 12 + 13 * c)
          .append("\" text-anchor=\"end\" fill=\"")
          .append(colours[c])
          .append("\">")
          .append(labels[c])
          .append("</text>\n");
    }
    return s.append("</svg>\n").toString();
  }

  private static String bars(String title, Map<String, Double> values) {
    StringBuilder s = new StringBuilder(frame(title));
    double maxV = values.values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
    int k = values.size();
    int i = 0;
    double bw = (W - L - R) / (double) Math.max(k, 1);
    s.append(yTicks(0, maxV));
    for (var e : values.entrySet()) {
      double x = L + i * bw + bw * 0.15;
      double y = sy(e.getValue(), 0, maxV);
      s.append("<rect x=\"")
          .append(f(x))
          .append("\" y=\"")
          .append(f(y))
          .append("\" width=\"")
          .append(f(bw * 0.7))
          .append("\" height=\"")
          .append(f(H - B - y))
          .append("\" fill=\"")
          .append(COLOURS[i % COLOURS.length])
          .append("\"/>\n<text x=\"")
          .append(f(x + bw * 0.35))
          .append("\" y=\"")
          .append(H - B + 14)
          .append("\" text-anchor=\"middle\">")
          .append(esc(e.getKey()))
          .append(" (")
          .append(e.getValue().longValue())
          .append(")</text>\n");
      i++;
    }
    return s.append("</svg>\n").toString();
  }

  private static String histogram(Dataset<Row> spectra, String column, String title) {
    Row mm = spectra.agg(min(column), max(column)).first();
    if (mm.isNullAt(0)) {
      return "";
    }
    double lo = ((Number) mm.get(0)).doubleValue();
    double hi = ((Number) mm.get(1)).doubleValue();
    int bins = 20;
    double width = hi > lo ? (hi - lo) / bins : 1;
    long[] counts = new long[bins];
    for (Row r :
        spectra
            .filter(col(column).isNotNull())
            .groupBy(floor(col(column).minus(lo).divide(width)).as("b"))
            .count()
            .collectAsList()) {
      if (r.isNullAt(0)) {
        continue;
      }
      int b = (int) Math.min(Math.max(((Number) r.get(0)).longValue(), 0), bins - 1);
      counts[b] += r.getLong(1);
    }
    long maxC = 1;
    for (long c : counts) {
      maxC = Math.max(maxC, c);
    }
    StringBuilder s = new StringBuilder(frame(title + " (spectra)"));
    s.append(yTicks(0, maxC)).append(xTicks(lo, lo + bins * width));
    for (int b = 0; b < bins; b++) {
      double x0 = sx(lo + b * width, lo, lo + bins * width);
      double x1 = sx(lo + (b + 1) * width, lo, lo + bins * width);
      double y = sy(counts[b], 0, maxC);
      s.append("<rect x=\"")
          .append(f(x0))
          .append("\" y=\"")
          .append(f(y))
          .append("\" width=\"")
          .append(f(Math.max(x1 - x0 - 1, 0.5)))
          .append("\" height=\"")
          .append(f(H - B - y))
          .append("\" fill=\"#1f77b4\"/>\n");
    }
    return s.append("</svg>\n").toString();
  }

  /** Lines with SEM error bars; points {x, mean, sem, n} per series. */
  private static String lines(String title, Map<String, List<double[]>> series) {
    double xlo = Double.POSITIVE_INFINITY;
    double xhi = Double.NEGATIVE_INFINITY;
    double ylo = Double.POSITIVE_INFINITY;
    double yhi = Double.NEGATIVE_INFINITY;
    for (List<double[]> l : series.values()) {
      for (double[] p : l) {
        xlo = Math.min(xlo, p[0]);
        xhi = Math.max(xhi, p[0]);
        ylo = Math.min(ylo, p[1] - p[2]);
        yhi = Math.max(yhi, p[1] + p[2]);
      }
    }
    double pad = (yhi - ylo) * 0.05;
    ylo -= pad;
    yhi += pad;
    StringBuilder s = new StringBuilder(frame(title));
    s.append(yTicks(ylo, yhi)).append(xTicks(xlo, xhi));
    s.append("<text x=\"")
        .append((W + L) / 2)
        .append("\" y=\"")
        .append(H - 8)
        .append("\" text-anchor=\"middle\">block start relative to infusion (min)</text>\n");
    if (xlo < 0 && xhi > 0) {
      double x0 = sx(0, xlo, xhi);
      s.append("<line x1=\"")
          .append(f(x0))
          .append("\" y1=\"")
          .append(T)
          .append("\" x2=\"")
          .append(f(x0))
          .append("\" y2=\"")
          .append(H - B)
          .append("\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n");
    }
    int i = 0;
    for (var e : series.entrySet()) {
      String colour = COLOURS[i % COLOURS.length];
      StringBuilder pts = new StringBuilder();
      for (double[] p : e.getValue()) {
        double x = sx(p[0], xlo, xhi);
        pts.append(f(x)).append(',').append(f(sy(p[1], ylo, yhi))).append(' ');
        s.append("<line x1=\"")
            .append(f(x))
            .append("\" y1=\"")
            .append(f(sy(p[1] - p[2], ylo, yhi)))
            .append("\" x2=\"")
            .append(f(x))
            .append("\" y2=\"")
            .append(f(sy(p[1] + p[2], ylo, yhi)))
            .append("\" stroke=\"")
            .append(colour)
            .append("\"/>\n");
      }
      s.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"")
          .append(colour)
          .append("\" points=\"")
          .append(pts.toString().trim())
          .append("\"/>\n<text x=\"")
          .append(L + 10)
          .append("\" y=\"")
          .append(T + 12 + 14 * i)
          .append("\" fill=\"")
          .append(colour)
          .append("\">")
          .append(esc(e.getKey()))
          .append("</text>\n");
      i++;
    }
    return s.append("</svg>\n").toString();
  }

  /** Estimate with CI (line) and truth (red dot), one row per effect. */
  private static String forest(List<Row> rows) {
    int n = rows.size();
    int height = T + B + 18 * n;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Row r : rows) {
      lo = Math.min(lo, Math.min(Rows.dbl(r, "ci_low"), Rows.dbl(r, "truth")));
      hi = Math.max(hi, Math.max(Rows.dbl(r, "ci_high"), Rows.dbl(r, "truth")));
    }
    int left = 300;
    int width = 760;
    StringBuilder s =
        new StringBuilder(
            "<svg width=\""
                + width
                + "\" height=\""
                + height
                + "\" font-family=\"sans-serif\" font-size=\"11\">\n");
    double span = hi - lo;
    final double a = lo - 0.05 * span;
    final double b = hi + 0.05 * span;
    java.util.function.DoubleUnaryOperator x =
        v -> left + (b > a ? (v - a) / (b - a) : 0.5) * (width - left - 20);
    s.append(
        "<text x=\"10\" y=\"16\" font-size=\"13\">estimate and 95% CI (black), truth (red)</text>\n");
    if (a < 0 && b > 0) {
      s.append("<line x1=\"")
          .append(f(x.applyAsDouble(0)))
          .append("\" y1=\"")
          .append(T - 5)
          .append("\" x2=\"")
          .append(f(x.applyAsDouble(0)))
          .append("\" y2=\"")
          .append(height - B + 5)
          .append("\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n");
    }
    for (int i = 0; i < n; i++) {
      Row r = rows.get(i);
      double y = T + 18 * i + 9;
      s.append("<text x=\"")
          .append(left - 6)
          .append("\" y=\"")
          .append(f(y + 4))
          .append("\" text-anchor=\"end\">")
          .append(esc(Rows.str(r, "analysis") + " " + Rows.str(r, "term")))
          .append("</text>\n<line x1=\"")
          .append(f(x.applyAsDouble(Rows.dbl(r, "ci_low"))))
          .append("\" y1=\"")
          .append(f(y))
          .append("\" x2=\"")
          .append(f(x.applyAsDouble(Rows.dbl(r, "ci_high"))))
          .append("\" y2=\"")
          .append(f(y))
          .append("\" stroke=\"#000\"/>\n<rect x=\"")
          .append(f(x.applyAsDouble(Rows.dbl(r, "estimate")) - 3))
          .append("\" y=\"")
          .append(f(y - 3))
          .append("\" width=\"6\" height=\"6\"/>\n<circle cx=\"")
          .append(f(x.applyAsDouble(Rows.dbl(r, "truth"))))
          .append("\" cy=\"")
          .append(f(y))
          .append("\" r=\"3.5\" fill=\"#d62728\"/>\n");
    }
    s.append("<text x=\"")
        .append(left)
        .append("\" y=\"")
        .append(height - B + 20)
        .append("\">")
        .append(num(a))
        .append("</text>\n<text x=\"")
        .append(width - 20)
        .append("\" y=\"")
        .append(height - B + 20)
        .append("\" text-anchor=\"end\">")
        .append(num(b))
        .append("</text>\n");
    return s.append("</svg>\n").toString();
  }
}
