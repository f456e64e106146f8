package org.fmrs.jobs.tables;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Every Parquet table of an fmrs warehouse, defined once. {@code docs/schema.md} is generated from
 * these definitions ({@code fmrs schema}) and a test keeps the two identical.
 */
public final class Tables {
  private Tables() {}

  private static final DataType DOUBLES = DataTypes.createArrayType(DoubleType, false);
  private static final DataType STRING_DOUBLE_MAP =
      DataTypes.createMapType(StringType, DoubleType, false);

  public static final TableDef PARTICIPANTS =
      TableDef.builder("participants", "One row per study participant.")
          .required("participant_id", StringType, false, "Unique participant label, e.g. sub-001.")
          .required("site", StringType, false, "Acquisition site label.")
          .optional("sex", StringType, true, "M or F.")
          .optional("age_years", IntegerType, true, "Age at enrolment, years.")
          .optional(
              "sequence",
              StringType,
              true,
              "Crossover order: NP = naltrexone in period 1, placebo in period 2; PN the reverse.")
          .build();

  public static final TableDef SESSIONS =
      TableDef.builder("sessions", "One row per scanning session (one crossover period).")
          .required("participant_id", StringType, false, "Participant label.")
          .required("session_id", StringType, false, "Globally unique session label.")
          .required("period", IntegerType, false, "Crossover period, 1 or 2.")
          .required("condition", StringType, false, "Pre-treatment: naltrexone or placebo.")
          .optional("madrs_baseline", DoubleType, true, "MADRS total score before the infusion.")
          .optional("madrs_24h", DoubleType, true, "MADRS total score 24 h after the infusion.")
          .build();

  public static final TableDef SPECTRA =
      TableDef.builder("spectra", "One fit-ready (averaged, aligned) spectrum per row.")
          .required("spectrum_id", StringType, false, "Globally unique spectrum label.")
          .required("participant_id", StringType, false, "Participant label.")
          .required("session_id", StringType, false, "Session label.")
          .required("site", StringType, false, "Acquisition site label (partition column).")
          .optional("voxel", StringType, true, "Voxel (region) label, e.g. ACC.")
          .required(
              "block_index", IntegerType, false, "0-based dynamic block index in the session.")
          .required(
              "block_start_s",
              DoubleType,
              false,
              "Block start relative to the infusion start, seconds (negative = before).")
          .required(
              "block_end_s",
              DoubleType,
              false,
              "Block end relative to the infusion start, seconds; blocks ending at or before 0"
                  + " are pre-infusion baseline.")
          .optional("averages", IntegerType, true, "Number of transients averaged.")
          .required("dwell_time_s", DoubleType, false, "Sampling interval, seconds.")
          .required(
              "central_frequency_hz",
              DoubleType,
              false,
              "Spectrometer frequency, Hz (receiver at 4.65 ppm).")
          .optional("echo_time_s", DoubleType, true, "Echo time, seconds.")
          .optional("sequence_name", StringType, true, "Localisation sequence, e.g. PRESS.")
          .required(
              "fid_re",
              DOUBLES,
              false,
              "Real part of the FID (arbitrary units); sign convention: a resonance at δ ppm"
                  + " rotates as exp(+i2π(δ−4.65)·f0·1e-6·t), as in NIfTI-MRS.")
          .required("fid_im", DOUBLES, false, "Imaginary part of the FID, same length as fid_re.")
          .optional(
              "metabolites",
              DataTypes.createArrayType(StringType, false),
              true,
              "Basis metabolites to fit for this spectrum; null = the whole basis. A name the"
                  + " basis lacks makes the fit FAILED with the name in the reason.")
          .optional("water_fid_re", DOUBLES, true, "Real part of the water-reference FID, if any.")
          .optional("water_fid_im", DOUBLES, true, "Imaginary part of the water-reference FID.")
          .partitionBy("site")
          .build();

  public static final TableDef FITS =
      TableDef.builder(
              "fits",
              "Long format: one row per spectrum and metabolite (combined metabolites included);"
                  + " a spectrum that failed has one row with a null metabolite. Per-spectrum"
                  + " columns repeat on each of its rows.")
          .required("spectrum_id", StringType, false, "Spectrum label.")
          .required("participant_id", StringType, false, "Participant label.")
          .required("session_id", StringType, false, "Session label.")
          .required("site", StringType, false, "Site label (partition column).")
          .required("block_index", IntegerType, false, "Block index, copied from spectra.")
          .optional("metabolite", StringType, true, "Metabolite or combination (tNAA, tCr, Glx…).")
          .optional("combined", BooleanType, true, "True for a sum of basis metabolites.")
          .optional(
              "amplitude",
              DoubleType,
              true,
              "Fitted amplitude in basis units (mM-equivalent for the built-in basis).")
          .optional("crlb", DoubleType, true, "Cramér–Rao lower bound (SD) of the amplitude.")
          .optional("crlb_percent", DoubleType, true, "CRLB as % of the amplitude.")
          .optional("ratio_tcr", DoubleType, true, "Amplitude / amplitude of tCr.")
          .optional("ratio_tnaa", DoubleType, true, "Amplitude / amplitude of tNAA.")
          .optional(
              "concentration_mm",
              DoubleType,
              true,
              "Water-scaled concentration, mM (LCModel convention: amplitude × 2 · ATTH2O ·"
                  + " WCONC / (ATTMET · water signal · signal of one basis proton at 1 mM, from"
                  + " Cr or NAA); factors in the provenance); null when the spectra row has no"
                  + " usable water reference (water_fid_re/_im).")
          .required("status", StringType, false, "OK, FAILED, NO_CONVERGENCE or LOW_SNR.")
          .optional("failure_reason", StringType, true, "Why the fit is not OK; null when OK.")
          .optional("snr", DoubleType, true, "Signal-to-noise ratio (fmrs definition).")
          .optional("fwhm_ppm", DoubleType, true, "Linewidth (full width at half maximum), ppm.")
          .optional("phase0_deg", DoubleType, true, "Fitted zero-order phase, degrees.")
          .optional("phase1_deg_per_ppm", DoubleType, true, "Fitted first-order phase.")
          .optional("shift_hz", DoubleType, true, "Fitted frequency shift, Hz.")
          .optional("lorentz_hz", DoubleType, true, "Fitted Lorentzian broadening, Hz.")
          .optional("gauss_hz", DoubleType, true, "Fitted Gaussian broadening, Hz.")
          .optional("residual_rms", DoubleType, true, "RMS of the fit residual.")
          .optional("iterations", IntegerType, true, "Nonlinear iterations used.")
          .optional("fit_time_ms", DoubleType, true, "Wall time of the fit, milliseconds.")
          .partitionBy("site")
          .build();

  private static final DataType STRING_DOUBLES_MAP =
      DataTypes.createMapType(StringType, DOUBLES, false);

  public static final TableDef FIT_CURVES =
      TableDef.builder(
              "fit_curves",
              "Written by `fmrs fit --curves`: one row per fitted spectrum with the curves of its"
                  + " fit over the fit window (ppm-start to ppm-end), for plots and reports. Every"
                  + " array has the length of ppm and follows its order (ascending ppm); the"
                  + " curves are the real part of the spectrum after the fitted frequency shift"
                  + " and phases, in the fit's arbitrary amplitude units (those of the spectrum"
                  + " the fit works on; not mM). fit = baseline + Σ components; residual = data −"
                  + " fit."
                  + " A spectrum whose fit gave no estimates (FAILED, LOW_SNR) has no row here;"
                  + " its status and reason are in fits.")
          .required("spectrum_id", StringType, false, "Spectrum label.")
          .required("participant_id", StringType, false, "Participant label.")
          .required("session_id", StringType, false, "Session label.")
          .required("site", StringType, false, "Site label (partition column).")
          .required("block_index", IntegerType, false, "Block index, copied from spectra.")
          .required(
              "status",
              StringType,
              false,
              "Fit status as in fits: OK or NO_CONVERGENCE (the only ones with estimates).")
          .required("ppm", DOUBLES, false, "Chemical shift of every point, ppm, ascending.")
          .required(
              "data",
              DOUBLES,
              false,
              "Real part of the phased, shift-corrected spectrum (aligned with the basis axis).")
          .required(
              "fit", DOUBLES, false, "Real part of the fitted model (metabolites + baseline).")
          .required("baseline", DOUBLES, false, "Real part of the fitted baseline.")
          .required("residual", DOUBLES, false, "data − fit.")
          .required(
              "components",
              STRING_DOUBLES_MAP,
              false,
              "Per basis entry (basis name → curve): real part of its basis spectrum times its"
                  + " fitted amplitude, with its own shift and broadening; combinations such as"
                  + " tNAA are not listed.")
          .partitionBy("site")
          .build();

  public static final TableDef RESPONSES =
      TableDef.builder(
              "responses",
              "First level, block granularity: one row per spectrum and measure, with QC.")
          .required("participant_id", StringType, false, "Participant label.")
          .required("session_id", StringType, false, "Session label.")
          .required("spectrum_id", StringType, false, "Spectrum label.")
          .required("site", StringType, false, "Site label.")
          .optional("sex", StringType, true, "M or F.")
          .required("condition", StringType, false, "naltrexone or placebo.")
          .required("period", IntegerType, false, "Crossover period.")
          .required("block_index", IntegerType, false, "Block index.")
          .required("block_start_s", DoubleType, false, "Block start rel. to infusion, s.")
          .optional("block_end_s", DoubleType, true, "Block end rel. to infusion, s.")
          .required("phase", StringType, false, "baseline or infusion.")
          .required("measure", StringType, false, "Measure name, e.g. Glx/tNAA.")
          .optional("value", DoubleType, true, "Measure value; null when the fit failed.")
          .optional("crlb_percent", DoubleType, true, "CRLB % of the numerator metabolite.")
          .required("included", BooleanType, false, "Passed QC and enters the group level.")
          .optional("exclusion_reason", StringType, true, "Why excluded; null when included.")
          .build();

  public static final TableDef SESSION_RESPONSES =
      TableDef.builder("session_responses", "First level, one row per session and measure.")
          .required("participant_id", StringType, false, "Participant label.")
          .required("session_id", StringType, false, "Session label.")
          .optional("site", StringType, true, "Site label.")
          .optional("sex", StringType, true, "M or F.")
          .required("condition", StringType, false, "naltrexone or placebo.")
          .required("period", IntegerType, false, "Crossover period.")
          .required("measure", StringType, false, "Measure name.")
          .optional("baseline_mean", DoubleType, true, "Mean of included baseline blocks.")
          .optional("infusion_mean", DoubleType, true, "Mean of included infusion blocks.")
          .optional("difference", DoubleType, true, "Infusion minus baseline (boxcar GLM beta).")
          .optional("percent_change", DoubleType, true, "100 × difference / baseline mean.")
          .optional(
              "glm_beta",
              DoubleType,
              true,
              "Least-squares beta of the infusion regressor over the included blocks (boxcar, or"
                  + " the effects.regressor time course at the block centres).")
          .optional(
              "response",
              DoubleType,
              true,
              "The session response used by the group level: difference, percent_change or"
                  + " glm_beta (effects.response).")
          .optional("response_kind", StringType, true, "difference, percent or glm.")
          .optional(
              "mean_crlb_percent",
              DoubleType,
              true,
              "Mean CRLB % of the numerator, included blocks.")
          .required("n_baseline", IntegerType, false, "Included baseline blocks.")
          .required("n_infusion", IntegerType, false, "Included infusion blocks.")
          .required("n_excluded", IntegerType, false, "Blocks excluded by QC.")
          .build();

  public static final TableDef EFFECTS =
      TableDef.builder(
              "effects",
              "Group level: one row per analysis and term; kind = coefficient (t test), anova"
                  + " (Type III F test), variance (variance component), profile_ci (ML"
                  + " profile-likelihood CI of an SD, sigma or fixed effect; estimate = ML),"
                  + " rate (proportion with"
                  + " Wilson CI; note = k/n), paired_test (exact McNemar: estimate = difference"
                  + " of paired proportions, note = discordant counts), effect_size (paired"
                  + " dz, dav or gav with CI; estimate = placebo minus naltrexone) or error (not"
                  + " computed; note = why).")
          .required("analysis", StringType, false, "Analysis name, e.g. glx_tnaa, madrs.")
          .required("formula", StringType, false, "Model formula (R syntax).")
          .required("kind", StringType, false, "coefficient, anova, variance, rate, …")
          .required("term", StringType, false, "Coefficient, model term or variance group.")
          .optional(
              "estimate",
              DoubleType,
              true,
              "Estimate (coefficient), variance, proportion or effect size.")
          .optional("std_error", DoubleType, true, "Standard error of the estimate.")
          .optional("df", DoubleType, true, "Satterthwaite degrees of freedom (t test).")
          .optional("t_value", DoubleType, true, "t statistic.")
          .optional("num_df", DoubleType, true, "Numerator df of the F test.")
          .optional("den_df", DoubleType, true, "Satterthwaite denominator df of the F test.")
          .optional("f_value", DoubleType, true, "F statistic.")
          .optional("p_value", DoubleType, true, "Two-sided p-value.")
          .optional("ci_low", DoubleType, true, "Lower 95% confidence limit.")
          .optional("ci_high", DoubleType, true, "Upper 95% confidence limit.")
          .optional("n_obs", LongType, true, "Observations used.")
          .optional("n_groups", LongType, true, "Participants (pairs for paired analyses).")
          .optional("singular", BooleanType, true, "A variance component was estimated at 0.")
          .optional("truth", DoubleType, true, "Simulated true value (simulated cohorts only).")
          .optional(
              "note",
              StringType,
              true,
              "For kind = error: why the model could not be fitted (the other analyses still"
                  + " run); for rate and paired_test: the counts.")
          .build();

  public static final TableDef TRUTH =
      TableDef.builder("truth", "Simulated cohorts: the true value of each group-level effect.")
          .required("analysis", StringType, false, "Analysis name.")
          .required("term", StringType, false, "Coefficient name as in effects.")
          .required("value", DoubleType, false, "True value.")
          .optional("definition", StringType, true, "How the value follows from the simulation.")
          .build();

  public static final TableDef TRUTH_SPECTRA =
      TableDef.builder("truth_spectra", "Simulated cohorts: the ground truth of every spectrum.")
          .required("spectrum_id", StringType, false, "Spectrum label.")
          .required("participant_id", StringType, false, "Participant label.")
          .required("session_id", StringType, false, "Session label.")
          .required("block_index", IntegerType, false, "Block index.")
          .required("phase", StringType, false, "baseline or infusion.")
          .required(
              "concentrations_mm", STRING_DOUBLE_MAP, false, "True concentration per metabolite.")
          .required("glx_tnaa", DoubleType, false, "True (Glu+Gln)/(NAA+NAAG).")
          .optional("lorentz_hz", DoubleType, true, "Lorentzian broadening applied, Hz.")
          .optional("gauss_hz", DoubleType, true, "Gaussian broadening applied, Hz.")
          .optional("shift_hz", DoubleType, true, "Frequency offset applied, Hz.")
          .optional("phase0_deg", DoubleType, true, "Zero-order phase applied, degrees.")
          .optional("snr", DoubleType, true, "Target SNR.")
          .optional("noise_seed", LongType, true, "Seed of the block's noise.")
          .build();

  private static final DataType HEADER_MAP = DataTypes.createMapType(StringType, StringType, true);

  public static final TableDef TRANSIENTS =
      TableDef.builder(
              "transients",
              "Ingested scanner data: one row per coil-combined transient (one entry of DIM_DYN /"
                  + " DIM_MEAS / DIM_PHASE_CYCLE), or per averaged acquisition when the file holds"
                  + " a single (scanner-averaged) FID. Written by `fmrs ingest`.")
          .required("participant_id", StringType, false, "Participant label.")
          .required("session_id", StringType, false, "Session label.")
          .required("site", StringType, false, "Acquisition site label.")
          .required("file_path", StringType, false, "Source file (Hadoop URI as listed).")
          .required(
              "file_sha256", StringType, false, "SHA-256 of the file and its companions (hex).")
          .optional("format", StringType, true, "Source format, e.g. NIfTI-MRS, Philips SDAT.")
          .required("dynamic_index", IntegerType, false, "0-based transient index within the file.")
          .required(
              "averages",
              IntegerType,
              false,
              "Transients averaged into this row by the scanner (1 for a single transient).")
          .optional("coils", IntegerType, true, "Receive coils in the file (1 = combined).")
          .optional(
              "coil_combination",
              StringType,
              true,
              "How fmrs combined the coils: WATER_REFERENCE, SVD, or null when the file held"
                  + " one coil.")
          .optional(
              "acquisition_time_s",
              DoubleType,
              true,
              "Start of this transient, s, relative to the infusion start when time_reference ="
                  + " infusion, else to the start of the file's acquisition; from the NIfTI-MRS"
                  + " DIM_DYN header (AcquisitionTime) when present, else repetition time ×"
                  + " index; null when neither is known.")
          .required(
              "time_reference",
              StringType,
              false,
              "infusion (infusion start known) or acquisition (relative to the file start).")
          .required("dwell_time_s", DoubleType, false, "Sampling interval, seconds.")
          .required("central_frequency_hz", DoubleType, false, "Spectrometer frequency, Hz.")
          .optional("echo_time_s", DoubleType, true, "Echo time, seconds.")
          .optional("repetition_time_s", DoubleType, true, "Repetition time, seconds.")
          .optional("sequence_name", StringType, true, "Sequence name as recorded.")
          .optional("nucleus", StringType, true, "Resonant nucleus, e.g. 1H.")
          .required("fid_re", DOUBLES, false, "Real part of the coil-combined FID (fmrs sign).")
          .required("fid_im", DOUBLES, false, "Imaginary part, same length as fid_re.")
          .optional(
              "header",
              HEADER_MAP,
              true,
              "Non-personal header fields of the file (personal ones dropped unless"
                  + " --keep-personal); on the file's first row only, null on the others.")
          .build();

  public static final TableDef WATER_REFERENCES =
      TableDef.builder(
              "water_references",
              "Ingested water-reference acquisitions: one row per file, coil-combined and"
                  + " averaged over its transients. Written by `fmrs ingest`.")
          .required("participant_id", StringType, false, "Participant label.")
          .required("session_id", StringType, false, "Session label.")
          .required("site", StringType, false, "Acquisition site label.")
          .required("file_path", StringType, false, "Source file.")
          .required("file_sha256", StringType, false, "SHA-256 of the file and its companions.")
          .optional("format", StringType, true, "Source format.")
          .optional("coils", IntegerType, true, "Receive coils in the file.")
          .optional(
              "coil_combination", StringType, true, "SVD, or null when the file held one coil.")
          .required("averages", IntegerType, false, "Transients averaged into fid_re/fid_im.")
          .required("dwell_time_s", DoubleType, false, "Sampling interval, seconds.")
          .required("central_frequency_hz", DoubleType, false, "Spectrometer frequency, Hz.")
          .optional("echo_time_s", DoubleType, true, "Echo time, seconds.")
          .optional("repetition_time_s", DoubleType, true, "Repetition time, seconds.")
          .required("fid_re", DOUBLES, false, "Real part of the combined, averaged water FID.")
          .required("fid_im", DOUBLES, false, "Imaginary part.")
          .optional("header", HEADER_MAP, true, "Non-personal header fields of the file.")
          .build();

  public static final TableDef INGEST_ERRORS =
      TableDef.builder(
              "ingest_errors", "Files `fmrs ingest` could not read: one row per file and reason.")
          .required("file_path", StringType, false, "The file.")
          .required("reason", StringType, false, "Why it was not ingested.")
          .optional("participant_id", StringType, true, "Participant it was mapped to, if any.")
          .optional("session_id", StringType, true, "Session it was mapped to, if any.")
          .build();

  public static final TableDef PREPROCESS_ERRORS =
      TableDef.builder(
              "preprocess_errors",
              "Sessions `fmrs preprocess` could not turn into spectra: one row per session.")
          .required("participant_id", StringType, false, "Participant label.")
          .required("session_id", StringType, false, "Session label.")
          .optional("site", StringType, true, "Site label.")
          .required("transients", IntegerType, false, "Transients the session held.")
          .required("reason", StringType, false, "Why no spectrum was produced.")
          .build();

  /** All tables, in documentation order. */
  public static final List<TableDef> ALL =
      List.of(
          PARTICIPANTS,
          SESSIONS,
          SPECTRA,
          FITS,
          FIT_CURVES,
          RESPONSES,
          SESSION_RESPONSES,
          EFFECTS,
          TRUTH,
          TRUTH_SPECTRA,
          TRANSIENTS,
          WATER_REFERENCES,
          INGEST_ERRORS,
          PREPROCESS_ERRORS);

  /** The schema documentation in Markdown (the content of {@code docs/schema.md}). */
  public static String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("# fmrs warehouse schema\n\n")
        .append("<!-- Generated by `bin/fmrs schema` from org.fmrs.jobs.tables.Tables;")
        .append(" do not edit by hand. -->\n\n")
        .append("All tables of a study live under one warehouse root (`--warehouse`: a local")
        .append(" path, `hdfs://…` or `s3a://…`), one Parquet folder per table. Units are in")
        .append(" the column names. Each table folder also holds `_fmrs_provenance.json`: the")
        .append(" command, its effective options and the software versions that wrote it.\n");
    for (TableDef t : ALL) {
      sb.append("\n## `").append(t.name()).append("`\n\n").append(t.description()).append('\n');
      if (!t.partitionBy().isEmpty()) {
        sb.append("\nPartitioned by: `")
            .append(String.join("`, `", t.partitionBy()))
            .append("`.\n");
      }
      sb.append("\n| column | type | nullable | required | meaning |\n");
      sb.append("|---|---|---|---|---|\n");
      for (var f : t.schema().fields()) {
        sb.append("| `")
            .append(f.name())
            .append("` | ")
            .append(f.dataType().simpleString())
            .append(" | ")
            .append(f.nullable() ? "yes" : "no")
            .append(" | ")
            .append(t.required().contains(f.name()) ? "yes" : "no")
            .append(" | ")
            .append(f.getComment().getOrElse(() -> ""))
            .append(" |\n");
      }
    }
    return sb.toString();
  }
}
