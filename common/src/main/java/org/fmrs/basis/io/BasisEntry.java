package org.fmrs.basis.io;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per-metabolite metadata of a basis file.
 *
 * @param name metabolite name as used in the {@link org.fmrs.basis.Basis} ({@code METABO}, FSL
 *     {@code basis_name})
 * @param id LCModel {@code ID} (often equal to the name); may be null
 * @param conc LCModel {@code CONC} as read (the FID is already divided by it)
 * @param tramp LCModel {@code TRAMP} as read (the FID is already multiplied by it)
 * @param volume LCModel {@code VOLUME} as read (the FID is already divided by it)
 * @param ishift LCModel {@code ISHIFT} as read (already applied to the FID)
 * @param widthHz FSL-MRS {@code basis_width} (FWHM of the simulated lines, Hz); NaN when unknown
 * @param namelists the entry's groups verbatim ({@code NMUSED}, then {@code BASIS} for a {@code
 *     .BASIS}; {@code SEQPAR}, {@code NMID} for a {@code .RAW}); empty for FSL
 * @param meta FSL-MRS {@code meta} object (parsed JSON); empty for LCModel
 */
public record BasisEntry(
    String name,
    String id,
    double conc,
    double tramp,
    double volume,
    int ishift,
    double widthHz,
    List<Namelist> namelists,
    Map<String, Object> meta) {

  /** Copies the collections (meta may hold JSON nulls, so it is wrapped, not copied). */
  public BasisEntry {
    namelists = List.copyOf(namelists);
    meta = meta == null ? Map.of() : java.util.Collections.unmodifiableMap(meta);
  }

  /** An entry for a metabolite made in fmrs: unit scaling, no shift, no file groups. */
  public static BasisEntry of(String name) {
    return new BasisEntry(name, name, 1, 1, 1, 0, Double.NaN, List.of(), Map.of());
  }

  /** The entry group named {@code name} ({@code NMUSED}, {@code BASIS}), if present. */
  public Optional<Namelist> namelist(String name) {
    return namelists.stream().filter(n -> n.name().equalsIgnoreCase(name)).findFirst();
  }

  /**
   * makebasis {@code PPMAPP} (the ppm range used to align the basis spectrum), from the {@code
   * $NMUSED} or {@code $BASIS} group; empty when absent.
   */
  public double[] ppmApp() {
    for (Namelist n : namelists) {
      double[] v = n.reals("PPMAPP");
      if (v.length > 0) {
        return v;
      }
    }
    return new double[0];
  }
}
