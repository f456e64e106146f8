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
import org.fmrs.fit.FitOptions;
import org.fmrs.fit.FitResult;
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
 * WaterScaling}. The result is one long CSV with {@link #COLUMNS}.
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

  /** One fitted file. */
  public record Fitted(String spectrumId, FitResult result, double mmPerAmplitude) {}

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
      FitResult r = fitter.fit(fid);
      double mm = Double.NaN;
      Path h2o = water == null ? null : sibling(f, ".h2o");
      if (h2o != null) {
        Fid w = read(h2o, basis, dwellS, f0Hz);
        mm = water.mmPerAmplitude(basis, w);
      }
      out.add(new Fitted(id, r, mm));
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
    Path abs = target.toAbsolutePath();
    Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
    long n = 0;
    try {
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
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
      }
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new FmrsException("IO", "cannot write CSV: " + e.getMessage(), e, "path", target);
    }
    return n;
  }

  /** Empty for NaN, "Infinity" kept (LCModel prints 999%), else the shortest round-trip text. */
  private static String num(double v) {
    return Double.isNaN(v) ? "" : Double.toString(v);
  }
}
