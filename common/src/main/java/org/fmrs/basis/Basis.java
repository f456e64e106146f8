package org.fmrs.basis;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fmrs.error.FmrsException;
import org.fmrs.error.InvalidInputException;
import org.fmrs.fid.Fft;

/**
 * An immutable set of basis FIDs (one per metabolite), in the fmrs sign convention ({@link
 * org.fmrs.ppm.PpmAxis}), sharing dwell time, length and spectrometer frequency.
 *
 * <p>Amplitude convention of {@link #builtIn}: every proton contributes 1 to the real part of the
 * FID at t = 0 (NAA = 3 + 3 = 6, Cr = 5, ...), so fitted amplitudes are in concentration units
 * (mM-equivalent, arbitrary common scale) and amplitude ratios are concentration ratios. Built-in
 * FIDs have <b>no intrinsic damping</b>: all line broadening is supplied by the synthesizer or
 * fitted by the fitter, so a fitted Lorentzian width is the total width.
 *
 * <p>{@link #simulate(Sequence, double, double, int)} gives the same components for a localisation
 * sequence (spin echo, PRESS, STEAM, sLASER; ideal pulses) with the density-matrix simulator.
 *
 * <p>A basis made by {@link #builtIn} or {@link #simulate} remembers its physical definitions and
 * is re-simulated exactly by {@link #resample}; a basis built from arrays is resampled by
 * band-limited (Fourier) interpolation in time and cannot change field.
 */
public final class Basis implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final double FIELD_TOLERANCE = 1e-6;

  /**
   * Largest relative field difference over which an array basis is moved by scaling its ppm axis
   * (as LCModel places a basis on the data's ppm axis): 0.5 %, where J-coupled line spacings err by
   * at most 0.5 % (≤ 0.04 Hz for J ≤ 8 Hz).
   */
  public static final double ARRAY_FIELD_TOLERANCE = 0.005;

  /**
   * JVM-wide cache of built-in bases per geometry (immutable, so shareable between Spark tasks);
   * simulation takes ~0.5 s per geometry.
   */
  private static final Map<String, Basis> BUILT_IN_CACHE =
      new LinkedHashMap<>(8, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Basis> eldest) {
          return size() > 8;
        }
      };

  private final List<String> names;
  private final double[][] fidRe;
  private final double[][] fidIm;
  private final double dwellTimeS;
  private final double centralFrequencyHz;
  private final List<MetaboliteDefinition> definitions; // null when built from arrays
  private final Sequence sequence; // null: the built-in pulse–acquire simulation

  /**
   * A basis from FIDs. Arrays are not copied.
   *
   * @param names one unique name per FID
   * @param fidRe real parts, {@code [metabolite][point]}
   * @param fidIm imaginary parts, same shape
   * @param dwellTimeS sampling interval, s
   * @param centralFrequencyHz spectrometer frequency, Hz
   */
  public Basis(
      List<String> names,
      double[][] fidRe,
      double[][] fidIm,
      double dwellTimeS,
      double centralFrequencyHz) {
    this(names, fidRe, fidIm, dwellTimeS, centralFrequencyHz, null, null);
  }

  private Basis(
      List<String> names,
      double[][] fidRe,
      double[][] fidIm,
      double dwellTimeS,
      double centralFrequencyHz,
      List<MetaboliteDefinition> definitions,
      Sequence sequence) {
    if (names == null || fidRe == null || fidIm == null) {
      throw new InvalidInputException("basis names and FIDs must not be null");
    }
    if (names.isEmpty() || names.size() != fidRe.length || names.size() != fidIm.length) {
      throw new InvalidInputException(
          "basis needs one FID per name",
          "names",
          names.size(),
          "fid_re",
          fidRe.length,
          "fid_im",
          fidIm.length);
    }
    if (names.stream().distinct().count() != names.size()) {
      throw new InvalidInputException("basis names must be unique", "names", names);
    }
    int n = fidRe[0].length;
    for (int i = 0; i < fidRe.length; i++) {
      if (fidRe[i].length != n || fidIm[i].length != n || n < 2) {
        throw new InvalidInputException(
            "basis FIDs must all have the same length >= 2", "name", names.get(i), "points", n);
      }
    }
    if (!(dwellTimeS > 0) || !Double.isFinite(dwellTimeS)) {
      throw new InvalidInputException("dwell_time_s must be > 0", "dwell_time_s", dwellTimeS);
    }
    if (!(centralFrequencyHz > 0) || !Double.isFinite(centralFrequencyHz)) {
      throw new InvalidInputException(
          "central_frequency_hz must be > 0", "central_frequency_hz", centralFrequencyHz);
    }
    this.names = List.copyOf(names);
    this.fidRe = fidRe;
    this.fidIm = fidIm;
    this.dwellTimeS = dwellTimeS;
    this.centralFrequencyHz = centralFrequencyHz;
    this.definitions = definitions == null ? null : List.copyOf(definitions);
    this.sequence = sequence;
  }

  /**
   * The built-in default basis (see {@link BuiltInMetabolites}): NAA, NAAG, Cr, PCr, GPC, PCh, Glu,
   * Gln, GABA, Ins, GSH, Tau, Lac, Asp, sIns, then MM09, MM12, MM14, MM17, MM20; ideal
   * pulse–acquire ({@link DensityMatrixSimulator} with {@link Sequence#pulseAcquire()}), exact
   * strong-coupling simulation, no intrinsic damping. The further library metabolites (Ala, Asc,
   * Glc, Gly, PE) are not in it; select them by name with {@link #simulate(Sequence, List, double,
   * double, int)}.
   */
  public static Basis builtIn(double centralFrequencyHz, double dwellTimeS, int points) {
    String key = centralFrequencyHz + "/" + dwellTimeS + "/" + points;
    synchronized (BUILT_IN_CACHE) {
      Basis cached = BUILT_IN_CACHE.get(key);
      if (cached != null) {
        return cached;
      }
    }
    Basis b = fromDefinitions(BuiltInMetabolites.all(), centralFrequencyHz, dwellTimeS, points);
    synchronized (BUILT_IN_CACHE) {
      BUILT_IN_CACHE.put(key, b);
    }
    return b;
  }

  /**
   * The built-in components simulated for an acquisition as recorded in a spectra table: {@code
   * sequenceName} (PRESS, STEAM, sLASER, spin-echo, pulse-acquire; see {@link Sequence#named}) at
   * echo time {@code echoTimeS} (PRESS: TE1 = TE2 = TE/2; STEAM: TM 10 ms). Without a sequence name
   * or echo time it is the pulse–acquire {@link #builtIn} basis. Cached per acquisition.
   *
   * @throws InvalidInputException for an unknown sequence name
   */
  public static Basis forAcquisition(
      String sequenceName,
      double echoTimeS,
      double centralFrequencyHz,
      double dwellTimeS,
      int points) {
    if (sequenceName == null || sequenceName.isBlank() || !(echoTimeS >= 0)) {
      return builtIn(centralFrequencyHz, dwellTimeS, points);
    }
    String key =
        sequenceName + "/" + echoTimeS + "/" + centralFrequencyHz + "/" + dwellTimeS + "/" + points;
    synchronized (BUILT_IN_CACHE) {
      Basis cached = BUILT_IN_CACHE.get(key);
      if (cached != null) {
        return cached;
      }
    }
    Basis b =
        simulate(
            Sequence.named(sequenceName, echoTimeS * 1000, Double.NaN, Double.NaN),
            centralFrequencyHz,
            dwellTimeS,
            points);
    synchronized (BUILT_IN_CACHE) {
      BUILT_IN_CACHE.put(key, b);
    }
    return b;
  }

  /** Simulates every definition at the given acquisition parameters (ideal pulse–acquire). */
  public static Basis fromDefinitions(
      List<MetaboliteDefinition> definitions,
      double centralFrequencyHz,
      double dwellTimeS,
      int points) {
    return fromDefinitions(definitions, null, centralFrequencyHz, dwellTimeS, points);
  }

  /**
   * The default metabolites and macromolecules (same names and order as {@link #builtIn}) simulated
   * for {@code sequence} with the density-matrix simulator ({@link DensityMatrixSimulator}).
   * Macromolecule Gaussians are added unchanged (no T2 or J weighting).
   */
  public static Basis simulate(
      Sequence sequence, double centralFrequencyHz, double dwellTimeS, int points) {
    return simulate(sequence, builtInNames(), centralFrequencyHz, dwellTimeS, points);
  }

  /**
   * The named components of the spin-system library, in the order given, simulated for {@code
   * sequence}. Accepted are the canonical names of {@link #libraryNames()} (the default
   * metabolites, the additional library metabolites Ala, Asc, Glc, Gly, PE, and the macromolecules
   * {@code MM09…MM20}) and their aliases (e.g. {@code mI} for Ins, {@code Scyllo} for sIns, {@code
   * PEth} for PE); the basis carries the canonical names.
   *
   * @throws InvalidInputException listing every unknown name and the available names, or if two
   *     requested names denote the same component
   */
  public static Basis simulate(
      Sequence sequence,
      List<String> names,
      double centralFrequencyHz,
      double dwellTimeS,
      int points) {
    return simulate(
        SpinSystemLibrary.builtIn(), sequence, names, centralFrequencyHz, dwellTimeS, points);
  }

  /**
   * As {@link #simulate(Sequence, List, double, double, int)} with the definitions of {@code
   * library} (e.g. the built-in library with a study's own entries laid over it, {@link
   * SpinSystemLibrary#overriddenBy}).
   *
   * @throws InvalidInputException listing every name {@code library} does not define, or if two
   *     requested names denote the same component
   */
  public static Basis simulate(
      SpinSystemLibrary library,
      Sequence sequence,
      List<String> names,
      double centralFrequencyHz,
      double dwellTimeS,
      int points) {
    if (sequence == null) {
      throw new InvalidInputException("sequence must not be null");
    }
    if (names == null || names.isEmpty()) {
      throw new InvalidInputException(
          "unknown metabolite", "requested", names, "available", library.names());
    }
    List<String> missing = names.stream().filter(n -> library.find(n) == null).toList();
    if (!missing.isEmpty()) {
      throw new InvalidInputException(
          "unknown metabolite", "requested", missing, "available", library.names());
    }
    List<MetaboliteDefinition> defs = new ArrayList<>();
    List<String> canonical = new ArrayList<>();
    for (String n : names) {
      MetaboliteDefinition d = library.find(n);
      if (canonical.contains(d.name())) {
        throw new InvalidInputException(
            "metabolite requested twice (name or alias)", "name", n, "component", d.name());
      }
      canonical.add(d.name());
      defs.add(d);
    }
    return fromDefinitions(defs, sequence, centralFrequencyHz, dwellTimeS, points);
  }

  /**
   * Names of the default components (those of {@link #builtIn} and of {@link #simulate(Sequence,
   * double, double, int)}): the 15 default metabolites, then the macromolecules.
   */
  public static List<String> builtInNames() {
    return BuiltInMetabolites.all().stream().map(MetaboliteDefinition::name).toList();
  }

  /**
   * Canonical names of every component of the spin-system library that {@link #simulate(Sequence,
   * List, double, double, int)} accepts: all metabolites (the default 15, then Ala, Asc, Glc, Gly,
   * PE), then the macromolecules. A superset of {@link #builtInNames()}.
   */
  public static List<String> libraryNames() {
    return SpinSystemLibrary.builtIn().names(); // parsed as metabolites, then macromolecules
  }

  /** Names of the built-in macromolecule components ({@code MM09 … MM20}). */
  public static List<String> macromoleculeNames() {
    return BuiltInMetabolites.definitions(true).stream()
        .filter(d -> d.spinSystems().isEmpty())
        .map(MetaboliteDefinition::name)
        .toList();
  }

  /**
   * Simulates every definition for {@code sequence} with the density-matrix simulator (null: ideal
   * pulse–acquire, {@link Sequence#pulseAcquire()}, as {@link #builtIn}).
   */
  public static Basis fromDefinitions(
      List<MetaboliteDefinition> definitions,
      Sequence sequence,
      double centralFrequencyHz,
      double dwellTimeS,
      int points) {
    if (points < 2) {
      throw new InvalidInputException("basis needs at least 2 points", "points", points);
    }
    if (!(centralFrequencyHz > 0) || !(dwellTimeS > 0)) {
      throw new InvalidInputException(
          "field and dwell time must be > 0",
          "central_frequency_hz",
          centralFrequencyHz,
          "dwell_time_s",
          dwellTimeS);
    }
    List<String> names = new ArrayList<>();
    double[][] re = new double[definitions.size()][];
    double[][] im = new double[definitions.size()][];
    for (int m = 0; m < definitions.size(); m++) {
      MetaboliteDefinition def = definitions.get(m);
      names.add(def.name());
      re[m] = new double[points];
      im[m] = new double[points];
      for (SpinSystem s : def.spinSystems()) {
        Lines lines =
            DensityMatrixSimulator.simulate(
                s, sequence == null ? Sequence.pulseAcquire() : sequence, centralFrequencyHz);
        lines.addFid(re[m], im[m], dwellTimeS, 1);
      }
      for (GaussianPeak g : def.gaussianPeaks()) {
        addGaussian(g, centralFrequencyHz, dwellTimeS, re[m], im[m]);
      }
    }
    return new Basis(names, re, im, dwellTimeS, centralFrequencyHz, definitions, sequence);
  }

  private static void addGaussian(GaussianPeak g, double f0, double dt, double[] re, double[] im) {
    double nu = org.fmrs.ppm.PpmAxis.ppmToHz(g.ppm(), f0);
    double fwhmHz = g.fwhmPpm() * f0 * 1e-6;
    double a = Math.PI * fwhmHz;
    a = a * a / (4 * Math.log(2));
    for (int j = 0; j < re.length; j++) {
      double t = j * dt;
      double env = g.protons() * Math.exp(-a * t * t);
      if (env < 1e-14 * g.protons()) {
        break;
      }
      re[j] += env * Math.cos(2 * Math.PI * nu * t);
      im[j] += env * Math.sin(2 * Math.PI * nu * t);
    }
  }

  /** Basis names, in amplitude order. */
  public List<String> names() {
    return names;
  }

  /** Number of basis components. */
  public int size() {
    return names.size();
  }

  /** Number of complex points per FID. */
  public int points() {
    return fidRe[0].length;
  }

  /** Sampling interval, s. */
  public double dwellTimeS() {
    return dwellTimeS;
  }

  /** Spectrometer frequency, Hz. */
  public double centralFrequencyHz() {
    return centralFrequencyHz;
  }

  /** Real part of FID {@code i}; not copied: callers must not mutate. */
  public double[] fidRe(int i) {
    return fidRe[i];
  }

  /** Imaginary part of FID {@code i}; not copied: callers must not mutate. */
  public double[] fidIm(int i) {
    return fidIm[i];
  }

  /**
   * Magnitude of FID {@code i} at t = 0, i.e. its signal per unit amplitude (the area of its
   * spectrum): the first point, or twice the first point when that carries weight ½ (see {@link
   * #firstPointHalved}).
   */
  public double timeZeroMagnitude(int i) {
    double m0 = Math.hypot(fidRe[i][0], fidIm[i][0]);
    return firstPointHalved(fidRe[i], fidIm[i]) ? 2 * m0 : m0;
  }

  /**
   * Whether the first point of an FID carries weight ½ — as in FIDs made from spectra (LCModel
   * {@code .BASIS} files) or by simulators that apply the trapezoidal rule, whose spectra then have
   * no constant offset: its magnitude is below ¾ of the quadratic extrapolation {@code 3|f₁| −
   * 3|f₂| + |f₃|} of the next three magnitudes (a smooth FID gives about 1, a halved first point
   * about ½).
   */
  public static boolean firstPointHalved(double[] re, double[] im) {
    if (re.length < 4) {
      return false;
    }
    double m0 = Math.hypot(re[0], im[0]);
    double e =
        3 * Math.hypot(re[1], im[1]) - 3 * Math.hypot(re[2], im[2]) + Math.hypot(re[3], im[3]);
    return e > 0 && m0 < 0.75 * e;
  }

  /** Index of {@code name}, or -1 if absent. */
  public int indexOf(String name) {
    return names.indexOf(name);
  }

  /** The sequence this basis was simulated for; null for pulse–acquire built-in or array bases. */
  public Sequence sequence() {
    return sequence;
  }

  /** Whether this basis can be re-simulated exactly (built from physical definitions). */
  public boolean isSimulated() {
    return definitions != null;
  }

  /**
   * This basis at other acquisition parameters. A simulated basis is re-simulated exactly; an array
   * basis is Fourier-interpolated in time (zero beyond its own duration), and moved to a field
   * within {@link #ARRAY_FIELD_TOLERANCE} by scaling its chemical-shift axis (time axis stretched
   * by f0'/f0; J-couplings then err by the same relative amount); larger field changes are refused,
   * since J-couplings do not scale with B0.
   *
   * @throws FmrsException (reason {@code BASIS_MISMATCH}) if the resampling is impossible
   */
  public Basis resample(double dwellTimeS, int points, double centralFrequencyHz) {
    if (!(dwellTimeS > 0) || points < 2 || !(centralFrequencyHz > 0)) {
      throw new InvalidInputException(
          "invalid target for basis resampling",
          "dwell_time_s",
          dwellTimeS,
          "points",
          points,
          "central_frequency_hz",
          centralFrequencyHz);
    }
    boolean sameField =
        Math.abs(centralFrequencyHz - this.centralFrequencyHz)
            <= FIELD_TOLERANCE * this.centralFrequencyHz;
    if (sameField && dwellTimeS == this.dwellTimeS && points == points()) {
      return this;
    }
    if (definitions != null) {
      return sequence == null && definitions.equals(BuiltInMetabolites.all())
          ? builtIn(centralFrequencyHz, dwellTimeS, points)
          : fromDefinitions(definitions, sequence, centralFrequencyHz, dwellTimeS, points);
    }
    double ratio = centralFrequencyHz / this.centralFrequencyHz;
    if (Math.abs(ratio - 1) > ARRAY_FIELD_TOLERANCE) {
      throw new FmrsException(
          "BASIS_MISMATCH",
          "cannot move an array basis to another field (J-couplings do not scale with B0)",
          "basis_central_frequency_hz",
          this.centralFrequencyHz,
          "target_central_frequency_hz",
          centralFrequencyHz);
    }
    double[][] re = new double[size()][points];
    double[][] im = new double[size()][points];
    for (int m = 0; m < size(); m++) {
      interpolate(fidRe[m], fidIm[m], this.dwellTimeS, re[m], im[m], dwellTimeS * ratio);
    }
    return new Basis(
        names,
        re,
        im,
        dwellTimeS,
        sameField ? this.centralFrequencyHz : centralFrequencyHz,
        null,
        null);
  }

  /**
   * Band-limited interpolation {@code x(t_j) = (1/N) Σ_k S_k exp(i2π f_k t_j)} at {@code t_j = j ·
   * newDt}, zero beyond the record. Evaluated as a chirp-z transform (Bluestein: {@code kj = (k² +
   * j² − (j−k)²)/2} turns the sum into one convolution, done with FFTs of length ≥ N + M − 1), so
   * it costs O((N + M) log(N + M)) instead of the O(N·M) of the direct sum.
   */
  static void interpolate(
      double[] re, double[] im, double dt, double[] outRe, double[] outIm, double newDt) {
    int n = re.length;
    int mOut = outRe.length;
    double[] sr = new double[n];
    double[] si = new double[n];
    Fft.toSpectrum(re, im, sr, si);
    int len = Integer.highestOneBit(Math.max(2, n + mOut - 1) - 1) << 1;
    double theta = 2 * Math.PI * newDt / (n * dt); // 2π·Δf·newDt
    double[] a = new double[2 * len];
    for (int k = 0; k < n; k++) {
      double ang = 0.5 * theta * ((double) k * k);
      double c = Math.cos(ang);
      double sn = Math.sin(ang);
      a[2 * k] = sr[k] * c - si[k] * sn;
      a[2 * k + 1] = sr[k] * sn + si[k] * c;
    }
    double[] b = new double[2 * len];
    for (int m = -(n - 1); m < mOut; m++) {
      double ang = -0.5 * theta * ((double) m * m);
      int at = m < 0 ? m + len : m;
      b[2 * at] = Math.cos(ang);
      b[2 * at + 1] = Math.sin(ang);
    }
    org.jtransforms.fft.DoubleFFT_1D plan = new org.jtransforms.fft.DoubleFFT_1D(len);
    plan.complexForward(a);
    plan.complexForward(b);
    for (int i = 0; i < len; i++) {
      double xr = a[2 * i] * b[2 * i] - a[2 * i + 1] * b[2 * i + 1];
      double xi = a[2 * i] * b[2 * i + 1] + a[2 * i + 1] * b[2 * i];
      a[2 * i] = xr;
      a[2 * i + 1] = xi;
    }
    plan.complexInverse(a, true);
    double duration = (n - 1) * dt * (1 + 1e-12);
    for (int j = 0; j < mOut; j++) {
      if (j * newDt > duration) {
        outRe[j] = 0;
        outIm[j] = 0;
        continue;
      }
      // x_j = (1/N) e^{−iθ(N/2)j} e^{iθj²/2} y_j
      double ang = 0.5 * theta * ((double) j * j) - theta * (n / 2) * (double) j;
      double c = Math.cos(ang);
      double sn = Math.sin(ang);
      double yr = a[2 * j];
      double yi = a[2 * j + 1];
      outRe[j] = (yr * c - yi * sn) / n;
      outIm[j] = (yr * sn + yi * c) / n;
    }
  }
}
