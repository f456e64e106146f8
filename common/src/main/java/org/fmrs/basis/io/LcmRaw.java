package org.fmrs.basis.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fmrs.basis.Basis;
import org.fmrs.error.InvalidInputException;
import org.fmrs.ppm.PpmAxis;

/**
 * One LCModel {@code .RAW} file (time domain): an optional {@code $SEQPAR} group, a {@code $NMID}
 * group (ID, FMTDAT, TRAMP, VOLUME) and complex points as re/im pairs. These are the per-metabolite
 * inputs of LCModel's {@code makebasis}.
 *
 * <p>The file does not hold the dwell time nor the number of points (NUNFIL, from the control
 * file): the reader returns every point up to the next group or the end of the file. The FID is
 * converted to the fmrs convention (complex conjugate of the file), multiplied by TRAMP/VOLUME, and
 * conjugated once more when {@code BRUKER=T}.
 *
 * @param id the {@code ID} of {@code $NMID} (the metabolite name for a basis .RAW); may be null
 * @param re real part of the FID, fmrs convention
 * @param im imaginary part of the FID, fmrs convention
 * @param namelists the file's groups verbatim ({@code SEQPAR} if present, then {@code NMID})
 * @param source where it was read from; may be null
 */
public record LcmRaw(String id, double[] re, double[] im, List<Namelist> namelists, String source) {
  /** FMTDAT used by {@link #write}: 9 significant digits, one complex point per line. */
  public static final String DEFAULT_FORMAT = "(2E16.8)";

  /** Checks lengths and copies the group list. */
  public LcmRaw {
    if (re == null || im == null || re.length != im.length) {
      throw new InvalidInputException("RAW FID needs re and im of the same length");
    }
    namelists = List.copyOf(namelists);
  }

  /** The group named {@code name}, if present. */
  public Optional<Namelist> namelist(String name) {
    return namelists.stream().filter(n -> n.name().equalsIgnoreCase(name)).findFirst();
  }

  /** {@code HZPPPM} of {@code $SEQPAR}, MHz, if present. */
  public Optional<Double> hzpppm() {
    return namelist("SEQPAR").filter(n -> n.has("HZPPPM")).map(n -> n.real("HZPPPM").getAsDouble());
  }

  /**
   * Reads a {@code .RAW} file.
   *
   * @throws InvalidInputException naming the file and the problem if it is malformed
   */
  public static LcmRaw read(Path path) {
    return parse(LcmBasis.readText(path), path.toString());
  }

  /** Parses the text of a {@code .RAW} file; {@code source} names it in messages. */
  public static LcmRaw parse(String text, String source) {
    FortranText t = new FortranText(text);
    List<Namelist> groups = new ArrayList<>();
    Namelist nmid = null;
    try {
      while (nmid == null) {
        FortranText.Next next = t.peek();
        if (next == FortranText.Next.END) {
          throw new IllegalArgumentException("no $NMID group");
        }
        if (next == FortranText.Next.DATA) {
          t.skipLine();
          continue;
        }
        Namelist g = t.readGroup();
        groups.add(g);
        if (g.name().equals("NMID")) {
          nmid = g;
        }
      }
      FortranText.Format format = FortranText.Format.parse(nmid.text("FMTDAT").orElse(null));
      double[] pairs = t.readAllNumbers(format);
      if (pairs.length == 0 || pairs.length % 2 != 0) {
        throw new IllegalArgumentException(
            "expected a positive, even count of numbers (re/im pairs), found " + pairs.length);
      }
      double tramp = nmid.real("TRAMP").orElse(1);
      double volume = nmid.real("VOLUME").orElse(1);
      if (volume == 0) {
        throw new IllegalArgumentException("VOLUME must be non-zero");
      }
      double scale = tramp / volume;
      boolean bruker = nmid.first("BRUKER").map(Boolean.TRUE::equals).orElse(false);
      int n = pairs.length / 2;
      double[] re = new double[n];
      double[] im = new double[n];
      for (int j = 0; j < n; j++) {
        re[j] = scale * pairs[2 * j];
        im[j] = bruker ? scale * pairs[2 * j + 1] : 0.0 - scale * pairs[2 * j + 1];
      }
      return new LcmRaw(nmid.text("ID").orElse(null), re, im, groups, source);
    } catch (IllegalArgumentException | InvalidInputException e) {
      throw new InvalidInputException(
          "malformed LCModel .RAW file: " + e.getMessage(), "file", source, "line", t.lineNumber());
    }
  }

  /**
   * Writes an fmrs-convention FID as a {@code .RAW} (conjugated to LCModel's convention), with a
   * {@code $SEQPAR} group (HZPPPM, and ECHOT/SEQ when given) and {@code $NMID} (ID, FMTDAT,
   * TRAMP=1, VOLUME=1).
   *
   * @param echoTimeMs NaN to omit
   * @param sequence null to omit
   */
  public static void write(
      Path path,
      String id,
      double[] re,
      double[] im,
      double centralFrequencyHz,
      double echoTimeMs,
      String sequence) {
    try {
      Files.writeString(
          path,
          toText(id, re, im, centralFrequencyHz, echoTimeMs, sequence, DEFAULT_FORMAT),
          StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  /** The {@code .RAW} text (see {@link #write}); {@code fmtdat} as for LcmBasis FMTBAS. */
  public static String toText(
      String id,
      double[] re,
      double[] im,
      double centralFrequencyHz,
      double echoTimeMs,
      String sequence,
      String fmtdat) {
    FortranText.Format f = FortranText.Format.parse(fmtdat);
    if (f == null
        || f.type() != 'E'
        || f.perRecord() % 2 != 0
        || f.width() < f.decimals() + 8
        || f.decimals() > FortranText.MAX_DECIMALS) {
      throw new InvalidInputException(
          "FMTDAT must be (nEw.d) with n even, d <= 14 and w >= d + 8", "fmtdat", fmtdat);
    }
    if (re.length != im.length || re.length == 0) {
      throw new InvalidInputException(
          "RAW FID needs re and im of the same, non-zero length", "id", id);
    }
    StringBuilder sb = new StringBuilder();
    Namelist.Builder seq = Namelist.builder("SEQPAR").put("HZPPPM", centralFrequencyHz / 1e6);
    if (Double.isFinite(echoTimeMs)) {
      seq.put("ECHOT", echoTimeMs);
    }
    if (sequence != null) {
      seq.put("SEQ", sequence);
    }
    sb.append(seq.build().toFortran());
    sb.append(
        Namelist.builder("NMID")
            .put("ID", id)
            .put("FMTDAT", f.text())
            .put("TRAMP", 1.0)
            .put("VOLUME", 1.0)
            .build()
            .toFortran());
    int count = 0;
    for (int j = 0; j < re.length; j++) {
      for (double v : new double[] {re[j], 0.0 - im[j]}) {
        try {
          FortranText.appendE(sb, v, f.width(), f.decimals());
        } catch (IllegalArgumentException ex) {
          throw new InvalidInputException(
              "cannot write FID: " + ex.getMessage(), "id", id, "index", j);
        }
        if (++count % f.perRecord() == 0) {
          sb.append('\n');
        }
      }
    }
    if (count % f.perRecord() != 0) {
      sb.append('\n');
    }
    return sb.toString();
  }

  /**
   * Writes one {@code <name>.RAW} per metabolite of {@code file} into {@code dir} (created if
   * needed), with the header's echo time and sequence: the inputs of LCModel's makebasis.
   *
   * @return the files written, in basis order
   */
  public static List<Path> writeBasis(BasisFile file, Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    Basis b = file.basis();
    List<Path> out = new ArrayList<>();
    for (int m = 0; m < b.size(); m++) {
      String name = b.names().get(m);
      if (name.isEmpty() || name.chars().anyMatch(c -> c == '/' || c == '\\' || c == 0)) {
        throw new InvalidInputException("metabolite name cannot be a file name", "name", name);
      }
      Path p = dir.resolve(name + ".RAW");
      write(
          p,
          name,
          b.fidRe(m),
          b.fidIm(m),
          b.centralFrequencyHz(),
          file.header().echoTimeMs(),
          file.header().sequence());
      out.add(p);
    }
    return out;
  }

  /**
   * Reads several {@code .RAW} files (one metabolite each) into a basis: names from {@code ID}
   * (else the file name without extension), the first {@code points} points of each (all points if
   * {@code points <= 0}; all files must then have the same length).
   *
   * @param centralFrequencyHz used when a file has no {@code $SEQPAR HZPPPM}; NaN to require it
   */
  public static BasisFile readBasis(
      List<Path> files, double dwellTimeS, int points, double centralFrequencyHz) {
    if (files.isEmpty()) {
      throw new InvalidInputException("no .RAW files given");
    }
    List<String> names = new ArrayList<>();
    List<BasisEntry> entries = new ArrayList<>();
    double[][] re = new double[files.size()][];
    double[][] im = new double[files.size()][];
    double f0 = Double.NaN;
    for (int i = 0; i < files.size(); i++) {
      Path p = files.get(i);
      LcmRaw raw = read(p);
      String stem = p.getFileName().toString().replaceFirst("\\.[^.]*$", "");
      String name = raw.id() != null && !raw.id().isBlank() ? raw.id().trim() : stem;
      double fi = raw.hzpppm().map(h -> h * 1e6).orElse(centralFrequencyHz);
      if (!(fi > 0)) {
        throw new InvalidInputException(
            "no HZPPPM in the .RAW file and no central frequency given", "file", p);
      }
      if (i == 0) {
        f0 = fi;
      } else if (Math.abs(fi - f0) > 1e-6 * f0) {
        throw new InvalidInputException(
            "RAW files disagree on HZPPPM", "file", p, "hzpppm", fi * 1e-6, "first", f0 * 1e-6);
      }
      int n = points > 0 ? points : raw.re().length;
      if (raw.re().length < n || (points <= 0 && i > 0 && n != re[0].length)) {
        throw new InvalidInputException(
            "RAW file has the wrong number of points",
            "file",
            p,
            "points",
            raw.re().length,
            "expected",
            points > 0 ? points : re[0].length);
      }
      names.add(name);
      re[i] = java.util.Arrays.copyOf(raw.re(), n);
      im[i] = java.util.Arrays.copyOf(raw.im(), n);
      entries.add(
          new BasisEntry(name, raw.id(), 1, 1, 1, 0, Double.NaN, raw.namelists(), Map.of()));
    }
    if (names.stream().distinct().count() != names.size()) {
      throw new InvalidInputException("RAW files repeat a metabolite name", "names", names);
    }
    Basis b = new Basis(names, re, im, dwellTimeS, f0);
    Optional<Namelist> seq = entries.get(0).namelist("SEQPAR");
    BasisHeader h =
        new BasisHeader(
            BasisHeader.LCMODEL_RAW,
            null,
            seq.map(n -> n.real("ECHOT").orElse(Double.NaN)).orElse(Double.NaN),
            seq.flatMap(n -> n.text("SEQ")).orElse(null),
            Double.NaN,
            PpmAxis.REFERENCE_PPM,
            seq.map(List::of).orElse(List.of()));
    return new BasisFile(b, h, entries, String.valueOf(files.get(0)));
  }
}
