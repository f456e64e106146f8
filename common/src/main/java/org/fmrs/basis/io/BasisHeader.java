package org.fmrs.basis.io;

import java.util.List;
import java.util.Optional;

/**
 * Basis-level metadata read from (or to be written to) a basis file.
 *
 * @param format where it came from: {@link #LCMODEL_BASIS}, {@link #LCMODEL_RAW}, {@link
 *     #FSL_MRS_JSON} or {@link #FMRS}
 * @param id basis identifier ({@code IDBASI}); may be null
 * @param echoTimeMs echo time ({@code ECHOT}), ms; NaN when unknown
 * @param sequence sequence name ({@code SEQ}); may be null
 * @param fwhmPpm line width of the basis spectra ({@code FWHMBA}), ppm; NaN when unknown
 * @param referencePpm chemical shift the file is taken to assign to its receiver frequency: 4.65
 *     ppm ({@link org.fmrs.ppm.PpmAxis#REFERENCE_PPM}) as read; another value after {@link
 *     BasisFile#withFileReferencePpm}. The FIDs of a {@link BasisFile} are always in the fmrs
 *     convention (receiver at 4.65 ppm), so writers ignore this value
 * @param namelists the header groups verbatim ({@code SEQPAR}, {@code BASIS1}), empty for other
 *     formats
 */
public record BasisHeader(
    String format,
    String id,
    double echoTimeMs,
    String sequence,
    double fwhmPpm,
    double referencePpm,
    List<Namelist> namelists) {
  public static final String LCMODEL_BASIS = "LCMODEL_BASIS";
  public static final String LCMODEL_RAW = "LCMODEL_RAW";
  public static final String FSL_MRS_JSON = "FSL_MRS_JSON";
  public static final String FMRS = "FMRS";

  /** Copies the namelist list. */
  public BasisHeader {
    namelists = List.copyOf(namelists);
  }

  /** A header for a basis made in fmrs (no file groups). */
  public static BasisHeader of(String id, double echoTimeMs, String sequence) {
    return new BasisHeader(
        FMRS, id, echoTimeMs, sequence, Double.NaN, org.fmrs.ppm.PpmAxis.REFERENCE_PPM, List.of());
  }

  /** The header group named {@code name} ({@code SEQPAR}, {@code BASIS1}), if present. */
  public Optional<Namelist> namelist(String name) {
    return namelists.stream().filter(n -> n.name().equalsIgnoreCase(name)).findFirst();
  }
}
