package org.fmrs.basis.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fmrs.basis.Basis;
import org.fmrs.error.FmrsException;
import org.fmrs.error.InvalidInputException;
import org.fmrs.fid.Fft;
import org.fmrs.ppm.PpmAxis;

/**
 * Reader and writer of LCModel {@code .BASIS} files (frequency-domain basis sets, as written by
 * makebasis, spant, Osprey, FSL-MRS ...).
 *
 * <p>Layout: {@code $SEQPAR} (optional: FWHMBA, HZPPPM, ECHOT, SEQ), {@code $BASIS1} (IDBASI,
 * FMTBAS, BADELT, NDATAB), then per metabolite an optional {@code $NMUSED} and a {@code $BASIS}
 * group (ID, METABO, CONC, TRAMP, VOLUME, ISHIFT) followed by NDATAB complex points as re/im pairs
 * in the FMTBAS format.
 *
 * <p>Conversion to fmrs: the points are a spectrum in plain FFT order (index 0 = 4.65 ppm, then +Hz
 * = lower ppm) in LCModel's sign convention, where a line at δ ppm sits at +(4.65 − δ)·f0 Hz: the
 * complex conjugate of the fmrs convention. The reader multiplies the spectrum by
 * TRAMP/(VOLUME·CONC), applies ISHIFT (ISHIFT points towards higher ppm, circularly), takes the
 * inverse DFT (scaled by 1/NDATAB, so the spectrum is the unscaled forward DFT of the FID) and
 * conjugates. The FID has NDATAB points, dwell BADELT and central frequency HZPPPM·1e6 Hz. The
 * writer does the exact inverse and writes CONC = TRAMP = VOLUME = 1, ISHIFT = 0 (the scaling and
 * shift are already in the data).
 */
public final class LcmBasis {
  /** FMTBAS used by {@link #write(BasisFile, Path)}: 9 significant digits, 3 points per line. */
  public static final String DEFAULT_FORMAT = "(6E16.8)";

  private LcmBasis() {}

  /**
   * Reads a {@code .BASIS} file.
   *
   * @throws InvalidInputException naming the file, the entry and the problem if it is malformed
   */
  public static BasisFile read(Path path) {
    return parse(readText(path), path.toString());
  }

  static String readText(Path path) {
    try {
      return Files.readString(path, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new FmrsException(
          "IO_ERROR", "cannot read basis file: " + e.getMessage(), e, "file", path);
    }
  }

  /**
   * Parses the text of a {@code .BASIS} file.
   *
   * @param source file name used in messages
   */
  public static BasisFile parse(String text, String source) {
    FortranText t = new FortranText(text);
    Namelist seqpar = null;
    Namelist basis1 = null;
    FortranText.Format format = null;
    double badelt = Double.NaN;
    int ndatab = -1;
    List<Namelist> pending = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<double[]> res = new ArrayList<>();
    List<double[]> ims = new ArrayList<>();
    List<BasisEntry> entries = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String entry = "(header)";
    try {
      while (true) {
        FortranText.Next next = t.peek();
        if (next == FortranText.Next.END) {
          break;
        }
        if (next == FortranText.Next.DATA) {
          if (entries.isEmpty() && basis1 == null) {
            t.skipLine(); // free text before the first group is skipped, as by Fortran READ
            continue;
          }
          t.skipLine(); // so that the error names this line
          throw new IllegalArgumentException(
              "numbers after the end of a $BASIS block (more data than NDATAB = " + ndatab + "?)");
        }
        if (!entries.isEmpty()) {
          entry =
              "(entry "
                  + (entries.size() + 1)
                  + ", after "
                  + entries.get(entries.size() - 1).name()
                  + ")";
        }
        Namelist g = t.readGroup();
        switch (g.name()) {
          case "SEQPAR" -> seqpar = g;
          case "BASIS1" -> {
            if (basis1 != null) {
              throw new IllegalArgumentException(
                  "a second $BASIS1 group (one header per file is supported)");
            }
            basis1 = g;
            badelt = requireReal(g, "BADELT");
            if (!(badelt > 0) || !Double.isFinite(badelt)) {
              throw new IllegalArgumentException("BADELT must be > 0, got " + badelt);
            }
            ndatab = requireInt(g, "NDATAB");
            if (ndatab < 2) {
              throw new IllegalArgumentException("NDATAB must be >= 2, got " + ndatab);
            }
            format = FortranText.Format.parse(g.text("FMTBAS").orElse(null));
          }
          case "BASIS" -> {
            entry = "(entry " + (entries.size() + 1) + ")";
            if (basis1 == null) {
              throw new IllegalArgumentException("$BASIS before the $BASIS1 header group");
            }
            String name =
                g.text("METABO")
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .orElseThrow(() -> new IllegalArgumentException("missing key METABO"));
            entry = name;
            if (!seen.add(name)) {
              throw new IllegalArgumentException("metabolite name used twice: " + name);
            }
            double conc = g.real("CONC").orElse(1);
            double tramp = g.real("TRAMP").orElse(1);
            double volume = g.real("VOLUME").orElse(1);
            int ishift = g.integer("ISHIFT").orElse(0);
            if (conc == 0 || volume == 0) {
              throw new IllegalArgumentException(
                  "CONC and VOLUME must be non-zero, got CONC=" + conc + " VOLUME=" + volume);
            }
            double[] pairs = t.readNumbers(2 * ndatab, format);
            double[][] fid = spectrumToFid(pairs, tramp / (volume * conc), ishift);
            names.add(name);
            res.add(fid[0]);
            ims.add(fid[1]);
            List<Namelist> groups = new ArrayList<>(pending);
            groups.add(g);
            pending.clear();
            entries.add(
                new BasisEntry(
                    name,
                    g.text("ID").orElse(null),
                    conc,
                    tramp,
                    volume,
                    ishift,
                    Double.NaN,
                    groups,
                    Map.of()));
          }
          default -> pending.add(g);
        }
      }
      entry = "(header)";
      if (basis1 == null) {
        throw new IllegalArgumentException("no $BASIS1 header group (BADELT, NDATAB)");
      }
      if (entries.isEmpty()) {
        throw new IllegalArgumentException("no $BASIS entries");
      }
      double hzpppm = Double.NaN;
      if (seqpar != null && seqpar.has("HZPPPM")) {
        hzpppm = requireReal(seqpar, "HZPPPM");
      } else if (basis1.has("HZPPPM")) {
        hzpppm = requireReal(basis1, "HZPPPM");
      } else {
        throw new IllegalArgumentException("missing key HZPPPM (in $SEQPAR or $BASIS1)");
      }
      if (!(hzpppm > 0) || !Double.isFinite(hzpppm)) {
        throw new IllegalArgumentException("HZPPPM must be > 0, got " + hzpppm);
      }
      Namelist sp = seqpar != null ? seqpar : basis1;
      List<Namelist> headerGroups = new ArrayList<>();
      if (seqpar != null) {
        headerGroups.add(seqpar);
      }
      headerGroups.add(basis1);
      BasisHeader header =
          new BasisHeader(
              BasisHeader.LCMODEL_BASIS,
              basis1.text("IDBASI").orElse(null),
              sp.real("ECHOT").orElse(Double.NaN),
              sp.text("SEQ").orElse(null),
              sp.real("FWHMBA").orElse(Double.NaN),
              PpmAxis.REFERENCE_PPM,
              headerGroups);
      Basis basis =
          new Basis(
              names,
              res.toArray(new double[0][]),
              ims.toArray(new double[0][]),
              badelt,
              hzpppm * 1e6);
      return new BasisFile(basis, header, entries, source);
    } catch (IllegalArgumentException | InvalidInputException e) {
      throw new InvalidInputException(
          "malformed LCModel .BASIS file: " + e.getMessage(),
          "file",
          source,
          "entry",
          entry,
          "line",
          t.lineNumber());
    }
  }

  private static double requireReal(Namelist g, String key) {
    return g.real(key)
        .orElseThrow(() -> new IllegalArgumentException("missing key " + key + " in $" + g.name()));
  }

  private static int requireInt(Namelist g, String key) {
    return g.integer(key)
        .orElseThrow(() -> new IllegalArgumentException("missing key " + key + " in $" + g.name()));
  }

  /**
   * LCModel spectrum (interleaved re/im, FFT order, LCModel sign) → fmrs FID {re, im}, after
   * multiplying by {@code scale} and shifting {@code ishift} points towards higher ppm.
   */
  static double[][] spectrumToFid(double[] pairs, double scale, int ishift) {
    int n = pairs.length / 2;
    int half = n / 2;
    double[] sr = new double[n];
    double[] si = new double[n];
    for (int k = 0; k < n; k++) {
      int src = Math.floorMod(k + ishift, n);
      int dst = (k + half) % n; // Fft.toFid expects the fftshifted order
      sr[dst] = scale * pairs[2 * src];
      si[dst] = scale * pairs[2 * src + 1];
    }
    double[] re = new double[n];
    double[] im = new double[n];
    Fft.toFid(sr, si, re, im);
    for (int j = 0; j < n; j++) {
      im[j] = 0.0 - im[j];
    }
    return new double[][] {re, im};
  }

  /**
   * fmrs FID, zero-filled to {@code n} points, → LCModel spectrum as interleaved re/im pairs in FFT
   * order (the inverse of {@link #spectrumToFid} for {@code n == re.length}).
   */
  static double[] fidToSpectrum(double[] re, double[] im, int n) {
    int half = n / 2;
    double[] cr = java.util.Arrays.copyOf(re, n);
    double[] ci = new double[n];
    for (int j = 0; j < re.length; j++) {
      ci[j] = 0.0 - im[j];
    }
    double[] sr = new double[n];
    double[] si = new double[n];
    Fft.toSpectrum(cr, ci, sr, si);
    double[] pairs = new double[2 * n];
    for (int k = 0; k < n; k++) {
      int src = (k + half) % n;
      pairs[2 * k] = sr[src];
      pairs[2 * k + 1] = si[src];
    }
    return pairs;
  }

  /** Writes {@code file} as a {@code .BASIS} with {@link #DEFAULT_FORMAT}. */
  public static void write(BasisFile file, Path path) {
    write(file, path, DEFAULT_FORMAT);
  }

  /**
   * Writes {@code file} as a {@code .BASIS}.
   *
   * @param fmtbas a Fortran format repeating one real field, e.g. {@code (6E13.5)} (LCModel's
   *     usual, 6 significant digits) or {@code (2E15.6)}; the number of fields per line must be
   *     even so that every line holds whole re/im pairs
   */
  public static void write(BasisFile file, Path path, String fmtbas) {
    write(file, path, fmtbas, file.basis().points());
  }

  /**
   * Writes {@code file} as a {@code .BASIS} whose spectra are the FFT of the FIDs zero-filled to
   * {@code ndatab} points, as makebasis does (NDATAB = 2 × the FID length). Read back, such a file
   * gives FIDs of {@code ndatab} points whose tail is zero (to within the format precision).
   *
   * @param ndatab at least {@code file.basis().points()}
   */
  public static void write(BasisFile file, Path path, String fmtbas, int ndatab) {
    String text = toText(file, fmtbas, ndatab);
    try {
      Files.writeString(path, text, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  /** The {@code .BASIS} text of {@code file} (see {@link #write(BasisFile, Path, String)}). */
  public static String toText(BasisFile file, String fmtbas) {
    return toText(file, fmtbas, file.basis().points());
  }

  /** The {@code .BASIS} text of {@code file} (see {@link #write(BasisFile, Path, String, int)}). */
  public static String toText(BasisFile file, String fmtbas, int ndatab) {
    if (ndatab < file.basis().points()) {
      throw new InvalidInputException(
          "NDATAB must be at least the number of FID points",
          "ndatab",
          ndatab,
          "points",
          file.basis().points());
    }
    FortranText.Format f = FortranText.Format.parse(fmtbas);
    if (f == null
        || f.type() != 'E'
        || f.perRecord() % 2 != 0
        || f.width() < f.decimals() + 8
        || f.decimals() > FortranText.MAX_DECIMALS) {
      throw new InvalidInputException(
          "FMTBAS must be (nEw.d) with n even, d <= 14 and w >= d + 8", "fmtbas", fmtbas);
    }
    Basis b = file.basis();
    BasisHeader h = file.header();
    StringBuilder sb = new StringBuilder(64 + b.size() * ndatab * 2 * (f.width() + 1));
    Namelist.Builder seq = Namelist.builder("SEQPAR");
    if (Double.isFinite(h.fwhmPpm())) {
      seq.put("FWHMBA", h.fwhmPpm());
    }
    seq.put("HZPPPM", b.centralFrequencyHz() / 1e6);
    if (Double.isFinite(h.echoTimeMs())) {
      seq.put("ECHOT", h.echoTimeMs());
    }
    if (h.sequence() != null) {
      seq.put("SEQ", h.sequence());
    }
    seq.putAbsent(h.namelist("SEQPAR").orElse(null));
    sb.append(seq.build().toFortran());
    Namelist.Builder b1 = Namelist.builder("BASIS1");
    b1.put("IDBASI", h.id() != null ? h.id() : "fmrs");
    b1.put("FMTBAS", f.text());
    b1.put("BADELT", b.dwellTimeS());
    b1.put("NDATAB", ndatab);
    b1.putAbsent(h.namelist("BASIS1").orElse(null));
    sb.append(b1.build().toFortran());
    for (int m = 0; m < b.size(); m++) {
      BasisEntry e = file.entries().get(m);
      e.namelist("NMUSED").ifPresent(g -> sb.append(g.toFortran()));
      Namelist.Builder g = Namelist.builder("BASIS");
      g.put("ID", e.id() != null ? e.id() : e.name());
      g.put("METABO", e.name());
      g.put("CONC", 1.0);
      g.put("TRAMP", 1.0);
      g.put("VOLUME", 1.0);
      g.put("ISHIFT", 0);
      g.putAbsent(e.namelist("BASIS").orElse(null));
      sb.append(g.build().toFortran());
      double[] pairs = fidToSpectrum(b.fidRe(m), b.fidIm(m), ndatab);
      for (int k = 0; k < pairs.length; k++) {
        try {
          FortranText.appendE(sb, pairs[k], f.width(), f.decimals());
        } catch (IllegalArgumentException ex) {
          throw new InvalidInputException(
              "cannot write basis spectrum: " + ex.getMessage(), "entry", e.name(), "index", k);
        }
        if ((k + 1) % f.perRecord() == 0 || k == pairs.length - 1) {
          sb.append('\n');
        }
      }
    }
    return sb.toString();
  }
}
