package org.fmrs.cohort;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fmrs.ppm.PpmAxis;

/**
 * Generates a synthetic crossover fMRS cohort with known truth (participants, sessions, and the
 * ground truth of every fMRS block), deterministically from {@link CohortOptions#seed()}.
 *
 * <p>Every random draw is taken from a generator seeded by the cohort seed, the participant index
 * and a stream label, so a participant's data does not depend on how the cohort is partitioned
 * across a cluster or on the cohort size.
 *
 * <p>Design (documented in {@code docs/simulation.md}):
 *
 * <ul>
 *   <li>Allocation is balanced and deterministic: sex alternates {@code M, F}; the crossover
 *       sequence alternates {@code NP, NP, PN, PN}, so sequence and sex are orthogonal; sites are
 *       assigned round robin.
 *   <li>Each metabolite concentration varies between participants (relative SD {@code
 *       between-subject-sd}); Glu and Gln also between sessions ({@code between-session-sd}).
 *   <li>During the infusion, Glu and Gln (hence Glx) rise by {@code placebo-rise-percent} under
 *       placebo, and by the sex-specific naltrexone rise under naltrexone (a boxcar over the
 *       infusion blocks). The second period adds {@code period2-glx-percent}.
 *   <li>Each block draws its Lorentzian and Gaussian broadening, zero-order phase and SNR
 *       uniformly; the frequency offset is a per-session offset plus a linear drift per block.
 *   <li>MADRS falls at 24 h by {@code madrs-drop-placebo} or {@code madrs-drop-naltrexone} plus
 *       Gaussian noise; scores are rounded and clamped to 0–60.
 * </ul>
 */
public final class CohortSimulator implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** Typical adult anterior-cingulate concentrations in mM-equivalent (basis proton units). */
  public static final Map<String, Double> BASE_CONCENTRATIONS_MM = baseConcentrations();

  /** Condition labels; sorted order makes naltrexone the reference level, as in R. */
  public static final String NALTREXONE = "naltrexone";

  public static final String PLACEBO = "placebo";
  public static final String BASELINE = "baseline";
  public static final String INFUSION = "infusion";

  private static final long STREAM_PARTICIPANT = 1;
  private static final long STREAM_SESSION = 2;
  private static final long STREAM_BLOCK = 3;

  private final CohortOptions options;

  public CohortSimulator(CohortOptions options) {
    this.options = options;
  }

  public CohortOptions options() {
    return options;
  }

  private static Map<String, Double> baseConcentrations() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("NAA", 12.0);
    m.put("NAAG", 1.5);
    m.put("Cr", 4.5);
    m.put("PCr", 3.5);
    m.put("GPC", 1.2);
    m.put("PCh", 0.6);
    m.put("Glu", 11.0);
    m.put("Gln", 3.5);
    m.put("GABA", 1.5);
    m.put("Ins", 7.0);
    m.put("GSH", 2.0);
    m.put("Tau", 1.5);
    m.put("Lac", 0.6);
    m.put("Asp", 2.5);
    m.put("sIns", 0.35);
    return java.util.Collections.unmodifiableMap(m);
  }

  /** A well-mixed 64-bit seed from the cohort seed and the given labels (SplitMix64 finaliser). */
  static long mix(long... parts) {
    long h = 0x9E3779B97F4A7C15L;
    for (long p : parts) {
      h ^= p + 0x9E3779B97F4A7C15L + (h << 6) + (h >>> 2);
      h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
      h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
      h = h ^ (h >>> 31);
    }
    return h;
  }

  private SplittableRandom rng(int participantIndex, long stream, long sub) {
    return new SplittableRandom(mix(options.seed(), participantIndex, stream, sub));
  }

  /** The participant at {@code index} (0-based). */
  public Participant participant(int index) {
    SplittableRandom r = rng(index, STREAM_PARTICIPANT, 0);
    String id = String.format("sub-%03d", index + 1);
    String site = "site-" + (index % options.sites() + 1);
    String sex = index % 2 == 0 ? "M" : "F";
    String sequence = (index / 2) % 2 == 0 ? "NP" : "PN";
    int age = 20 + r.nextInt(41);
    return new Participant(index, id, site, sex, age, sequence);
  }

  /** All participants, in index order. */
  public List<Participant> participants() {
    List<Participant> list = new ArrayList<>(options.participants());
    for (int i = 0; i < options.participants(); i++) {
      list.add(participant(i));
    }
    return list;
  }

  /** Condition of {@code period} (1 or 2) for a crossover sequence {@code NP} or {@code PN}. */
  public static String condition(String sequence, int period) {
    boolean naltrexoneFirst = sequence.equals("NP");
    return (period == 1) == naltrexoneFirst ? NALTREXONE : PLACEBO;
  }

  /** The participant's two sessions, period 1 then period 2. */
  public List<Session> sessions(Participant p) {
    SplittableRandom r = rng(p.index(), STREAM_SESSION, 0);
    double personMean =
        options.get("madrs-baseline-mean") + options.get("madrs-baseline-sd") * gaussian(r);
    List<Session> sessions = new ArrayList<>(2);
    for (int period = 1; period <= 2; period++) {
      String condition = condition(p.sequence(), period);
      double baseline = clampScore(personMean + 2.0 * gaussian(r));
      double drop =
          condition.equals(PLACEBO)
              ? options.get("madrs-drop-placebo")
              : options.get("madrs-drop-naltrexone");
      double after = clampScore(baseline - drop + options.get("madrs-noise-sd") * gaussian(r));
      sessions.add(
          new Session(
              p.participantId(),
              p.participantId() + "_ses-" + period,
              period,
              condition,
              baseline,
              after));
    }
    return sessions;
  }

  private static double clampScore(double v) {
    return Math.max(0, Math.min(60, Math.rint(v)));
  }

  /** Relative Glx rise during the infusion for a condition and sex (fraction, e.g. 0.05). */
  public double infusionRise(String condition, String sex) {
    if (condition.equals(PLACEBO)) {
      return options.get("placebo-rise-percent") / 100.0;
    }
    return (sex.equals("M")
            ? options.get("naltrexone-rise-men-percent")
            : options.get("naltrexone-rise-women-percent"))
        / 100.0;
  }

  /**
   * The ground truth of every block of one session, in block order.
   *
   * @param p the participant
   * @param s one of {@link #sessions(Participant)}
   */
  public List<BlockSpec> blocks(Participant p, Session s) {
    SplittableRandom personRng = rng(p.index(), STREAM_PARTICIPANT, 1);
    String[] names = BASE_CONCENTRATIONS_MM.keySet().toArray(new String[0]);
    double[] person = new double[names.length];
    double subjectSd = options.get("between-subject-sd");
    for (int i = 0; i < names.length; i++) {
      double factor = Math.max(0.5, 1 + subjectSd * gaussian(personRng));
      person[i] = BASE_CONCENTRATIONS_MM.get(names[i]) * factor;
    }
    SplittableRandom sessionRng = rng(p.index(), STREAM_SESSION, 10 + s.period());
    double sessionGlx = Math.max(0.5, 1 + options.get("between-session-sd") * gaussian(sessionRng));
    double periodGlx = s.period() == 2 ? options.get("period2-glx-percent") / 100.0 : 0.0;
    double offsetHz =
        PpmAxis.ppmToHz(
            PpmAxis.REFERENCE_PPM + uniform(sessionRng, options.get("max-offset-ppm")),
            options.centralFrequencyHz());
    double rise = infusionRise(s.condition(), p.sex());

    int pre = options.preBlocks();
    int total = options.blocksPerSession();
    double duration = options.get("block-duration-s");
    List<BlockSpec> blocks = new ArrayList<>(total);
    for (int b = 0; b < total; b++) {
      SplittableRandom r = rng(p.index(), STREAM_BLOCK, s.period() * 100_000L + b);
      boolean infusion = b >= pre;
      double glxFactor = sessionGlx * (1 + periodGlx) * (1 + (infusion ? rise : 0.0));
      double[] conc = person.clone();
      double glx = 0;
      double tnaa = 0;
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals("Glu") || names[i].equals("Gln")) {
          conc[i] *= glxFactor;
          glx += conc[i];
        } else if (names[i].equals("NAA") || names[i].equals("NAAG")) {
          tnaa += conc[i];
        }
      }
      double start = (b - pre) * duration;
      blocks.add(
          new BlockSpec(
              String.format("%s_blk-%02d", s.sessionId(), b + 1),
              p.participantId(),
              s.sessionId(),
              p.site(),
              b,
              infusion ? INFUSION : BASELINE,
              start,
              start + duration,
              options.averagesPerBlock(),
              names,
              conc,
              between(r, options.get("lorentz-hz-min"), options.get("lorentz-hz-max")),
              between(r, options.get("gauss-hz-min"), options.get("gauss-hz-max")),
              offsetHz + options.get("drift-hz-per-block") * b,
              uniform(r, options.get("max-phase-deg")),
              between(r, options.get("snr-min"), options.get("snr-max")),
              r.nextLong(),
              glx / tnaa));
    }
    return blocks;
  }

  private static double uniform(SplittableRandom r, double halfWidth) {
    return (2 * r.nextDouble() - 1) * halfWidth;
  }

  private static double between(SplittableRandom r, double lo, double hi) {
    return lo + (hi - lo) * r.nextDouble();
  }

  /** Standard normal draw (Box–Muller; one value per call, deterministic per generator). */
  static double gaussian(SplittableRandom r) {
    double u1 = r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }
}
