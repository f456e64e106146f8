package org.fmrs.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fmrs.error.InvalidInputException;
import org.fmrs.fid.Fid;

/**
 * A single-voxel MRS dataset: complex FIDs of {@code points} samples along up to three higher
 * dimensions (NIfTI-MRS dimensions 5 to 7), with the acquisition parameters and the non-personal
 * header metadata.
 *
 * <p>Layout: {@code re} and {@code im} are flat, the spectral point index varies fastest, then the
 * first entry of {@code dims}, then the second, … (the NIfTI order). Transient {@code t} occupies
 * {@code [t·points, (t+1)·points)}; {@link #transientIndex(int...)} maps per-dimension indices to
 * {@code t}. Arrays are not copied; treat instances as immutable.
 *
 * <p>Sign convention: always the fmrs one (see {@link org.fmrs.ppm.PpmAxis}), whatever the file
 * format stored.
 *
 * @param format short name of the source format, e.g. {@code NIfTI-MRS}, {@code LCModel RAW}
 * @param points complex points per FID
 * @param dims higher dimensions, in storage order (empty for a single FID)
 * @param re real parts, {@code points × Π dims.size} values
 * @param im imaginary parts, same length as {@code re}
 * @param dwellTimeS sampling interval in seconds
 * @param centralFrequencyHz spectrometer frequency in Hz
 * @param echoTimeS echo time in seconds, {@code NaN} when the file does not record it
 * @param repetitionTimeS repetition time in seconds, {@code NaN} when unknown
 * @param nucleus resonant nucleus, e.g. {@code 1H}
 * @param sequenceName sequence name as recorded, empty when unknown
 * @param fieldStrengthT static field in tesla, as recorded or estimated from the frequency
 * @param metadata remaining non-personal header fields (name → value as text, JSON for structured
 *     NIfTI-MRS values), in file order
 */
public record MrsData(
    String format,
    int points,
    List<MrsDim> dims,
    double[] re,
    double[] im,
    double dwellTimeS,
    double centralFrequencyHz,
    double echoTimeS,
    double repetitionTimeS,
    String nucleus,
    String sequenceName,
    double fieldStrengthT,
    Map<String, String> metadata)
    implements java.io.Serializable {

  /** Gyromagnetic ratio of 1H over 2π, Hz per tesla. */
  public static final double GAMMA_1H_HZ_PER_T = 42.577478e6;

  /** Validates shapes, finiteness and acquisition parameters; copies dims and metadata. */
  public MrsData {
    if (points < 1) {
      throw new InvalidInputException("points must be >= 1", "points", points);
    }
    dims = List.copyOf(dims == null ? List.of() : dims);
    long expected = points;
    for (MrsDim d : dims) {
      expected *= d.size();
    }
    if (re == null || im == null || re.length != expected || im.length != expected) {
      throw new InvalidInputException(
          "data length does not match points × dims",
          "expected",
          expected,
          "re_length",
          re == null ? -1 : re.length,
          "im_length",
          im == null ? -1 : im.length);
    }
    for (int i = 0; i < re.length; i++) {
      if (!Double.isFinite(re[i]) || !Double.isFinite(im[i])) {
        throw new InvalidInputException(
            "data hold a non-finite value", "index", i, "re", re[i], "im", im[i]);
      }
    }
    if (!(dwellTimeS > 0) || !Double.isFinite(dwellTimeS)) {
      throw new InvalidInputException(
          "dwell_time_s must be finite and > 0", "dwell_time_s", dwellTimeS);
    }
    if (!(centralFrequencyHz > 0) || !Double.isFinite(centralFrequencyHz)) {
      throw new InvalidInputException(
          "central_frequency_hz must be finite and > 0",
          "central_frequency_hz",
          centralFrequencyHz);
    }
    format = format == null ? "" : format;
    nucleus = nucleus == null || nucleus.isBlank() ? "1H" : nucleus.trim();
    sequenceName = sequenceName == null ? "" : sequenceName.trim();
    if (!(fieldStrengthT > 0) && nucleus.equals("1H")) {
      fieldStrengthT = centralFrequencyHz / GAMMA_1H_HZ_PER_T;
    }
    metadata =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(metadata == null ? Map.<String, String>of() : metadata));
  }

  /** A dataset holding one FID (no higher dimensions) and no other header information. */
  public static MrsData of(Fid fid) {
    return new MrsData(
        "",
        fid.points(),
        List.of(),
        fid.re(),
        fid.im(),
        fid.dwellTimeS(),
        fid.centralFrequencyHz(),
        Double.NaN,
        Double.NaN,
        "1H",
        "",
        Double.NaN,
        Map.of());
  }

  /** Number of FIDs (transients), the product of the higher dimension sizes. */
  public int transients() {
    return re.length / points;
  }

  /** Position of the dimension with this tag in {@link #dims()}, or -1. */
  public int dimIndex(String tag) {
    for (int i = 0; i < dims.size(); i++) {
      if (dims.get(i).tag().equals(tag)) {
        return i;
      }
    }
    return -1;
  }

  /** Size of the dimension with this tag, 1 when absent. */
  public int dimSize(String tag) {
    int i = dimIndex(tag);
    return i < 0 ? 1 : dims.get(i).size();
  }

  /** Flat transient number of the given per-dimension indices (one per entry of dims). */
  public int transientIndex(int... indices) {
    if (indices.length != dims.size()) {
      throw new InvalidInputException(
          "one index per higher dimension required",
          "indices",
          indices.length,
          "dims",
          dims.size());
    }
    int t = 0;
    int stride = 1;
    for (int i = 0; i < indices.length; i++) {
      int size = dims.get(i).size();
      if (indices[i] < 0 || indices[i] >= size) {
        throw new InvalidInputException(
            "index out of range", "dim", dims.get(i).tag(), "index", indices[i], "size", size);
      }
      t += indices[i] * stride;
      stride *= size;
    }
    return t;
  }

  /** The FID of transient {@code t} (copied). */
  public Fid fid(int t) {
    if (t < 0 || t >= transients()) {
      throw new InvalidInputException(
          "transient out of range", "transient", t, "transients", transients());
    }
    double[] r = new double[points];
    double[] i = new double[points];
    System.arraycopy(re, t * points, r, 0, points);
    System.arraycopy(im, t * points, i, 0, points);
    return new Fid(r, i, dwellTimeS, centralFrequencyHz);
  }

  /** All FIDs in transient order (copied). */
  public List<Fid> fids() {
    List<Fid> out = new ArrayList<>(transients());
    for (int t = 0; t < transients(); t++) {
      out.add(fid(t));
    }
    return out;
  }

  /**
   * Coil-combined dataset: the {@code DIM_COIL} dimension is removed by a weighted sum {@code Σ_c
   * conj(w_c)·fid_c / Σ_c |w_c|}, where {@code w_c} is coil c's first FID point averaged over all
   * other dimensions. This aligns the coil phases and weights each coil by its signal amplitude
   * (noise is assumed equal across coils). Returns {@code this} when there is no coil dimension.
   */
  public MrsData combineCoils() {
    int c = dimIndex(MrsDim.COIL);
    if (c < 0) {
      return this;
    }
    int nCoil = dims.get(c).size();
    int inner = points; // stride of the coil index
    for (int i = 0; i < c; i++) {
      inner *= dims.get(i).size();
    }
    int outer = re.length / (inner * nCoil);
    double[] wr = new double[nCoil];
    double[] wi = new double[nCoil];
    for (int o = 0; o < outer; o++) {
      for (int k = 0; k < nCoil; k++) {
        for (int j = 0; j < inner; j += points) {
          int idx = (o * nCoil + k) * inner + j;
          wr[k] += re[idx];
          wi[k] += im[idx];
        }
      }
    }
    double norm = 0;
    for (int k = 0; k < nCoil; k++) {
      norm += Math.hypot(wr[k], wi[k]);
    }
    if (!(norm > 0)) {
      throw new InvalidInputException(
          "cannot combine coils: all first points are zero", "coils", nCoil);
    }
    double[] outRe = new double[outer * inner];
    double[] outIm = new double[outer * inner];
    for (int o = 0; o < outer; o++) {
      for (int k = 0; k < nCoil; k++) {
        double ar = wr[k] / norm;
        double ai = -wi[k] / norm;
        int src = (o * nCoil + k) * inner;
        int dst = o * inner;
        for (int j = 0; j < inner; j++) {
          double xr = re[src + j];
          double xi = im[src + j];
          outRe[dst + j] += ar * xr - ai * xi;
          outIm[dst + j] += ar * xi + ai * xr;
        }
      }
    }
    List<MrsDim> rest = new ArrayList<>(dims);
    rest.remove(c);
    return withData(rest, outRe, outIm);
  }

  /**
   * A single FID: coils combined ({@link #combineCoils()}), then the mean over the averageable
   * dimensions ({@code DIM_DYN}, {@code DIM_MEAS}, {@code DIM_PHASE_CYCLE}).
   *
   * @throws InvalidInputException when another dimension (e.g. {@code DIM_EDIT}) has more than one
   *     entry, since averaging across it would be meaningless
   */
  public Fid combined() {
    MrsData d = combineCoils();
    for (MrsDim dim : d.dims) {
      if (dim.size() > 1 && !dim.averageable()) {
        throw new InvalidInputException(
            "cannot average across this dimension; select its entries first",
            "dim",
            dim.tag(),
            "size",
            dim.size());
      }
    }
    int n = d.transients();
    double[] r = new double[points];
    double[] i = new double[points];
    for (int t = 0; t < n; t++) {
      for (int p = 0; p < points; p++) {
        r[p] += d.re[t * points + p];
        i[p] += d.im[t * points + p];
      }
    }
    for (int p = 0; p < points; p++) {
      r[p] /= n;
      i[p] /= n;
    }
    return new Fid(r, i, dwellTimeS, centralFrequencyHz);
  }

  /** A copy with other data and dimensions and the same parameters and metadata. */
  public MrsData withData(List<MrsDim> newDims, double[] newRe, double[] newIm) {
    return new MrsData(
        format,
        points,
        newDims,
        newRe,
        newIm,
        dwellTimeS,
        centralFrequencyHz,
        echoTimeS,
        repetitionTimeS,
        nucleus,
        sequenceName,
        fieldStrengthT,
        metadata);
  }

  /** A copy with other metadata. */
  public MrsData withMetadata(Map<String, String> newMetadata) {
    return new MrsData(
        format,
        points,
        dims,
        re,
        im,
        dwellTimeS,
        centralFrequencyHz,
        echoTimeS,
        repetitionTimeS,
        nucleus,
        sequenceName,
        fieldStrengthT,
        newMetadata);
  }
}
