package org.fmrs.jobs.fit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fmrs.basis.Basis;
import org.fmrs.error.InvalidInputException;
import org.fmrs.fit.FitOptions;
import org.fmrs.fit.SpectrumFitter;

/**
 * The fitters of one partition: one for the whole basis, and one per distinct metabolite subset
 * that rows of {@code spectra} request in their {@code metabolites} column (created on first use,
 * then reused).
 */
final class Fitters {
  private final Basis basis;
  private final FitOptions options;
  private final SpectrumFitter all;
  private final Map<List<String>, SpectrumFitter> subsets = new HashMap<>();

  Fitters(Basis basis, FitOptions options) {
    this.basis = basis;
    this.options = options;
    this.all = new SpectrumFitter(basis, options);
  }

  /**
   * The fitter for {@code metabolites} (null or empty = the whole basis).
   *
   * @throws InvalidInputException naming any metabolite the basis lacks
   */
  SpectrumFitter forMetabolites(List<String> metabolites) {
    if (metabolites == null || metabolites.isEmpty()) {
      return all;
    }
    SpectrumFitter f = subsets.get(metabolites);
    if (f == null) {
      f = new SpectrumFitter(subset(basis, metabolites), options);
      subsets.put(List.copyOf(metabolites), f);
    }
    return f;
  }

  /** The basis restricted to {@code names}, in the requested order. */
  static Basis subset(Basis basis, List<String> names) {
    List<String> unknown = new ArrayList<>();
    for (String n : names) {
      if (basis.indexOf(n) < 0) {
        unknown.add(n);
      }
    }
    if (!unknown.isEmpty()) {
      throw new InvalidInputException(
          "unknown metabolite(s) " + String.join(", ", unknown),
          "basis",
          String.join(",", basis.names()));
    }
    double[][] re = new double[names.size()][];
    double[][] im = new double[names.size()][];
    for (int i = 0; i < names.size(); i++) {
      int k = basis.indexOf(names.get(i));
      re[i] = basis.fidRe(k);
      im[i] = basis.fidIm(k);
    }
    return new Basis(List.copyOf(names), re, im, basis.dwellTimeS(), basis.centralFrequencyHz());
  }
}
