package org.fmrs.basis.io;

import java.util.ArrayList;
import java.util.List;
import org.fmrs.basis.Basis;
import org.fmrs.error.InvalidInputException;
import org.fmrs.ppm.PpmAxis;

/**
 * A basis read from or to be written to a file: the FIDs (fmrs sign convention, see {@link
 * PpmAxis}) plus the metadata of the file.
 *
 * @param basis the FIDs, one per entry, in file order
 * @param header basis-level metadata
 * @param entries per-metabolite metadata, same order and names as {@code basis.names()}
 * @param source where it was read from (for messages); may be null
 */
public record BasisFile(Basis basis, BasisHeader header, List<BasisEntry> entries, String source) {

  /** Checks that entries and basis agree. */
  public BasisFile {
    if (basis == null || header == null || entries == null) {
      throw new InvalidInputException("basis, header and entries must not be null");
    }
    entries = List.copyOf(entries);
    if (entries.size() != basis.size()) {
      throw new InvalidInputException(
          "one entry per basis FID needed", "fids", basis.size(), "entries", entries.size());
    }
    for (int i = 0; i < entries.size(); i++) {
      if (!entries.get(i).name().equals(basis.names().get(i))) {
        throw new InvalidInputException(
            "entry names must match basis names",
            "index",
            i,
            "entry",
            entries.get(i).name(),
            "basis",
            basis.names().get(i));
      }
    }
  }

  /**
   * Reads a basis set: a folder is read as an FSL-MRS basis folder ({@link FslBasis#read}), a file
   * as an LCModel {@code .BASIS} ({@link LcmBasis#read}).
   */
  public static BasisFile read(java.nio.file.Path path) {
    return java.nio.file.Files.isDirectory(path) ? FslBasis.read(path) : LcmBasis.read(path);
  }

  /** A basis made in fmrs, with default entries ({@link BasisEntry#of}). */
  public static BasisFile of(Basis basis, BasisHeader header) {
    List<BasisEntry> entries = new ArrayList<>();
    for (String n : basis.names()) {
      entries.add(BasisEntry.of(n));
    }
    return new BasisFile(basis, header, entries, null);
  }

  /** Metabolite names, in file order. */
  public List<String> names() {
    return basis.names();
  }

  /**
   * Index of {@code name}.
   *
   * @throws InvalidInputException naming the file and listing the available names if absent
   */
  public int require(String name) {
    int i = basis.indexOf(name);
    if (i < 0) {
      throw unknown(List.of(name));
    }
    return i;
  }

  private InvalidInputException unknown(List<String> missing) {
    if (source == null) {
      return new InvalidInputException(
          "metabolite not in basis", "requested", missing, "available", basis.names());
    }
    return new InvalidInputException(
        "metabolite not in basis",
        "requested",
        missing,
        "available",
        basis.names(),
        "file",
        source);
  }

  /**
   * The sub-basis of {@code names}, in the order given (FID arrays shared, not copied).
   *
   * @throws InvalidInputException naming every unknown metabolite, the available names and the file
   */
  public BasisFile select(List<String> names) {
    List<String> missing = names.stream().filter(n -> basis.indexOf(n) < 0).toList();
    if (!missing.isEmpty()) {
      throw unknown(missing);
    }
    double[][] re = new double[names.size()][];
    double[][] im = new double[names.size()][];
    List<BasisEntry> sel = new ArrayList<>();
    for (int k = 0; k < names.size(); k++) {
      int i = basis.indexOf(names.get(k));
      re[k] = basis.fidRe(i);
      im[k] = basis.fidIm(i);
      sel.add(entries.get(i));
    }
    Basis b = new Basis(names, re, im, basis.dwellTimeS(), basis.centralFrequencyHz());
    return new BasisFile(b, header, sel, source);
  }

  /**
   * This basis re-referenced for a file whose receiver frequency sits at {@code fileReferencePpm}
   * instead of {@link BasisHeader#referencePpm()}: every FID is multiplied by {@code
   * exp(+i2π(fileReferencePpm − referencePpm)·f0·1e-6·t)}, so that a line the file puts at the
   * receiver frequency lands at {@code fileReferencePpm} in fmrs. Osprey's basis sets, for example,
   * are referenced to 4.68 ppm (measured: NAA at 1.98 instead of 2.01 ppm when read at 4.65).
   */
  public BasisFile withFileReferencePpm(double fileReferencePpm) {
    double delta = fileReferencePpm - header.referencePpm();
    if (delta == 0) {
      return this;
    }
    double hz = delta * basis.centralFrequencyHz() * 1e-6;
    int n = basis.points();
    double[][] re = new double[basis.size()][n];
    double[][] im = new double[basis.size()][n];
    for (int m = 0; m < basis.size(); m++) {
      double[] xr = basis.fidRe(m);
      double[] xi = basis.fidIm(m);
      for (int j = 0; j < n; j++) {
        double w = 2 * Math.PI * hz * j * basis.dwellTimeS();
        double c = Math.cos(w);
        double s = Math.sin(w);
        re[m][j] = xr[j] * c - xi[j] * s;
        im[m][j] = xr[j] * s + xi[j] * c;
      }
    }
    Basis b = new Basis(basis.names(), re, im, basis.dwellTimeS(), basis.centralFrequencyHz());
    BasisHeader h =
        new BasisHeader(
            header.format(),
            header.id(),
            header.echoTimeMs(),
            header.sequence(),
            header.fwhmPpm(),
            fileReferencePpm,
            header.namelists());
    return new BasisFile(b, h, entries, source);
  }
}
