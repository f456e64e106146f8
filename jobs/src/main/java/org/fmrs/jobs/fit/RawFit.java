package org.fmrs.jobs.fit;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.fmrs.basis.Basis;
import org.fmrs.error.FmrsException;
import org.fmrs.error.InvalidInputException;
import org.fmrs.fid.Fid;
import org.fmrs.fit.FitCurves;
import org.fmrs.fit.FitOptions;
import org.fmrs.fit.FitResult;
import org.fmrs.fit.FittedSpectrum;
import org.fmrs.fit.Macromolecules;
import org.fmrs.fit.MetaboliteEstimate;
import org.fmrs.fit.SpectrumFitter;
import org.fmrs.fit.WaterScaling;
import org.fmrs.io.MrsReaders;
import org.fmrs.io.ReadOptions;
import org.fmrs.jobs.spark.Csv;

/**
 * Fits LCModel {@code .RAW} files against a basis without Spark or a warehouse (for {@code fmrs fit
 * --raw}): each file's FID (coils/averages combined) is fitted, and when a water reference {@code
 * <stem>.H2O} lies beside it (and water scaling is on) amplitudes are converted to mM by {@link
 * WaterScaling}. The result is one long CSV with {@link #COLUMNS}, and on request a second one with
 * the fit curves ({@link #writeCurvesCsv}).
 */
public final class RawFit {
  /** The CSV columns, in order. */
  public static final String[] COLUMNS = {
    "spectrum_id",
    "metabolite",
    "amplitude",
    "crlb_percent",
    "ratio_tcr",
    "ratio_tnaa",
    "concentration_mm",
    "snr",
    "fwhm_ppm",
    "status"
  };

  /** The leading columns of the curves CSV; one column per basis entry follows. */
  public static final String[] CURVE_COLUMNS = {
    "spectrum_id", "ppm", "data", "fit", "baseline", "residual"
  };

  /**
   * One fitted file.
   *
   * @param curves the curves of the fit, or null (not requested, or the fit has no estimates)
   */
  public record Fitted(
      String spectrumId, FitResult result, double mmPerAmplitude, FitCurves curves) {
    /** A fitted file without curves. */
    public Fitted(String spectrumId, FitResult result, double mmPerAmplitude) {
      this(spectrumId, result, mmPerAmplitude, null);
    }
  }

  private RawFit() {}

  /**
   * The {@code .RAW} files named by {@code inputs}: a folder contributes its {@code *.raw} files
   * (any case, sorted by name), a file itself.
   */
  public static List<Path> collect(List<Path> inputs) {
    List<Path> out = new ArrayList<>();
    for (Path p : inputs) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          s.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".raw"))
              .filter(Files::isRegularFile)
              .sorted()
              .forEach(out::add);
        } catch (IOException e) {
          throw new FmrsException("IO", "cannot list " + p + ": " + e.getMessage(), e, "path", p);
        }
      } else if (Files.isRegularFile(p)) {
        out.add(p);
      } else {
        throw new InvalidInputException("--raw: no such file or folder", "path", p);
      }
    }
    if (out.isEmpty()) {
      throw new InvalidInputException("--raw: no .RAW files found", "inputs", inputs);
    }
    return out;
  }

  /** The basis plus LCModel's default simulated MM/lipid components when it has none. */
  public static Basis withDefaultMacromolecules(Basis basis) {
    for (String n : basis.names()) {
      if (n.startsWith("MM") || n.startsWith("Lip")) {
        return basis;
      }
    }
    return Macromolecules.append(basis, Macromolecules.lcmodelDefaults());
  }

  /**
   * Fits every file. Dwell time and spectrometer frequency come from {@code dwellS}/{@code f0Hz}
   * when finite, else from the file, else from the basis (LCModel takes them from its control
   * file). A file that cannot be read gets a FAILED result naming the problem.
   *
   * @param water water scaling, or null for none (concentration_mm stays empty)
   */
  public static List<Fitted> fit(
      List<Path> files,
      Basis basis,
      FitOptions options,
      WaterScaling water,
      double dwellS,
      double f0Hz) {
    return fit(files, basis, options, water, dwellS, f0Hz, false);
  }

  /**
   * Fits every file like {@link #fit(List, Basis, FitOptions, WaterScaling, double, double)}; with
   * {@code curves} each file is fitted once by {@link SpectrumFitter#fitWithCurves} and keeps its
   * curves.
   */
  public static List<Fitted> fit(
      List<Path> files,
      Basis basis,
      FitOptions options,
      WaterScaling water,
      double dwellS,
      double f0Hz,
      boolean curves) {
    SpectrumFitter fitter = new SpectrumFitter(basis, options);
    List<Fitted> out = new ArrayList<>();
    for (Path f : files) {
      String id = stem(f);
      Fid fid;
      try {
        fid = read(f, basis, dwellS, f0Hz);
      } catch (RuntimeException e) {
        out.add(
            new Fitted(
                id,
                FitResult.failed(
                    org.fmrs.fit.FitStatus.FAILED, "cannot read " + f + ": " + e.getMessage()),
                Double.NaN));
        continue;
      }
      FitResult r;
      FitCurves c = null;
      if (curves) {
        FittedSpectrum fs = fitter.fitWithCurves(fid);
        r = fs.result();
        c = fs.curves();
      } else {
        r = fitter.fit(fid);
      }
      double mm = Double.NaN;
      Path h2o = water == null ? null : sibling(f, ".h2o");
      if (h2o != null) {
        Fid w = read(h2o, basis, dwellS, f0Hz);
        mm = water.mmPerAmplitude(basis, w);
      }
      out.add(new Fitted(id, r, mm, c));
    }
    return out;
  }

  static Fid read(Path f, Basis basis, double dwellS, double f0Hz) {
    ReadOptions o = ReadOptions.defaults();
    if (Double.isFinite(dwellS)) {
      o = o.withDwellTimeS(dwellS);
    }
    if (Double.isFinite(f0Hz)) {
      o = o.withCentralFrequencyHz(f0Hz);
    }
    try {
      return MrsReaders.read(f, o).combined();
    } catch (FmrsException e) {
      // dwell time / frequency absent from the file: take them from the basis
      ReadOptions fb =
          o.withDwellTimeS(Double.isFinite(dwellS) ? dwellS : basis.dwellTimeS())
              .withCentralFrequencyHz(Double.isFinite(f0Hz) ? f0Hz : basis.centralFrequencyHz());
      return MrsReaders.read(f, fb).combined();
    }
  }

  /** {@code <stem>.H2O} (any case) beside {@code raw}, or null. */
  static Path sibling(Path raw, String ext) {
    Path dir = raw.toAbsolutePath().getParent();
    String stem = stem(raw);
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(
              p ->
                  p.getFileName().toString().equalsIgnoreCase(stem + ext) && Files.isRegularFile(p))
          .findFirst()
          .orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  static String stem(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }

  /** Writes the long CSV (via a temporary file and rename); returns the number of data rows. */
  public static long writeCsv(List<Fitted> fits, Path target) {
    return writeAtomically(
        target,
        w -> {
          long n = 0;
          w.write(String.join(",", COLUMNS));
          w.write('\n');
          for (Fitted f : fits) {
            FitResult r = f.result();
            if (r.metabolites().isEmpty()) {
              w.write(
                  String.join(
                      ",",
                      Csv.field(f.spectrumId()),
                      "",
                      "",
                      "",
                      "",
                      "",
                      "",
                      num(r.snr()),
                      "",
                      r.status().name()));
              w.write('\n');
              n++;
              continue;
            }
            for (MetaboliteEstimate m : r.metabolites()) {
              w.write(
                  String.join(
                      ",",
                      Csv.field(f.spectrumId()),
                      Csv.field(m.name()),
                      num(m.amplitude()),
                      num(m.crlbPercent()),
                      num(m.ratioTCr()),
                      num(m.ratioTNaa()),
                      num(m.amplitude() * f.mmPerAmplitude()),
                      num(r.snr()),
                      num(r.fwhmPpm()),
                      r.status().name()));
              w.write('\n');
              n++;
            }
          }
          return n;
        });
  }

  /**
   * Writes the curves of every fit that has them as one long CSV (via a temporary file and rename):
   * {@link #CURVE_COLUMNS}, then one column per basis entry ({@code basisNames} first, then any
   * other name a fit reports), one row per spectrum and ppm point in ascending ppm. Files without
   * curves have no rows. Returns the number of data rows.
   */
  public static long writeCurvesCsv(List<Fitted> fits, List<String> basisNames, Path target) {
    List<String> names = new ArrayList<>(basisNames);
    for (Fitted f : fits) {
      if (f.curves() != null) {
        for (String n : f.curves().names()) {
          if (!names.contains(n)) {
            names.add(n);
          }
        }
      }
    }
    return writeAtomically(
        target,
        w -> {
          long n = 0;
          StringBuilder header = new StringBuilder(String.join(",", CURVE_COLUMNS));
          for (String name : names) {
            header.append(',').append(Csv.field(name));
          }
          w.write(header.append('\n').toString());
          for (Fitted f : fits) {
            FitCurves c = f.curves();
            if (c == null) {
              continue;
            }
            double[][] columns = new double[names.size()][];
            for (int k = 0; k < names.size(); k++) {
              columns[k] = c.component(names.get(k));
            }
            String id = Csv.field(f.spectrumId());
            for (int i = 0; i < c.points(); i++) {
              StringBuilder line = new StringBuilder(id);
              line.append(',')
                  .append(num(c.ppm()[i]))
                  .append(',')
                  .append(num(c.data()[i]))
                  .append(',')
                  .append(num(c.fit()[i]))
                  .append(',')
                  .append(num(c.baseline()[i]))
                  .append(',')
                  .append(num(c.residual()[i]));
              for (double[] col : columns) {
                line.append(',').append(col == null ? "" : num(col[i]));
              }
              w.write(line.append('\n').toString());
              n++;
            }
          }
          return n;
        });
  }

  /** The body of a CSV file: writes its rows and returns how many data rows it wrote. */
  private interface CsvBody {
    long write(Writer w) throws IOException;
  }

  /**
   * Writes {@code target} through a temporary file beside it and a rename, so that a failed write
   * leaves no half-written file; returns the body's row count.
   */
  private static long writeAtomically(Path target, CsvBody body) {
    Path abs = target.toAbsolutePath();
    Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
    try {
      long n;
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        n = body.write(w);
      }
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      return n;
    } catch (IOException e) {
      throw new FmrsException("IO", "cannot write CSV: " + e.getMessage(), e, "path", target);
    }
  }

  /** Empty for NaN, "Infinity" kept (LCModel prints 999%), else the shortest round-trip text. */
  private static String num(double v) {
    return Double.isNaN(v) ? "" : Double.toString(v);
  }
}
