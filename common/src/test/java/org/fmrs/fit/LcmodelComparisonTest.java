package org.fmrs.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fmrs.basis.Basis;
import org.fmrs.basis.io.BasisFile;
import org.fmrs.fid.Fid;
import org.fmrs.io.MrsReaders;
import org.fmrs.io.ReadOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Comparison with LCModel 6.3's own output for the {@code test_lcm} example (shared data; skipped
 * when absent).
 */
class LcmodelComparisonTest {
  static final Path DIR = Path.of("..", "..", "shared", "data", "lcmodel_test_lcm");

  static Map<String, double[]> lcmodelTable() throws java.io.IOException {
    Map<String, double[]> t = new LinkedHashMap<>();
    boolean in = false;
    for (String line : Files.readAllLines(DIR.resolve("lcmodel_out").resolve("out.table"))) {
      if (line.startsWith("$$CONC")) {
        in = true;
        continue;
      }
      if (in && line.startsWith("$$")) {
        break;
      }
      String[] p = line.trim().split("\\s+");
      if (in && p.length == 4 && p[1].endsWith("%")) {
        t.put(
            p[3],
            new double[] {
              Double.parseDouble(p[0]),
              Double.parseDouble(p[1].replace("%", "")),
              Double.parseDouble(p[2])
            });
      }
    }
    return t;
  }

  static Fid data() {
    return MrsReaders.read(
            DIR.resolve("data.raw"),
            ReadOptions.defaults().withDwellTimeS(5e-4).withCentralFrequencyHz(127.786142e6))
        .fid(0);
  }

  /** Basis and ratio names: LCModel's combination names → fmrs's. */
  static final String[][] COMBOS = {
    {"NAA+NAAG", "tNAA"}, {"Cr+PCr", "tCr"}, {"GPC+PCh", "tCho"}, {"Glu+Gln", "Glx"}
  };

  /** Ratios that reach the 10 % target in every configuration below (asserted). */
  static final String[] AGREEING = {"NAA", "GPC", "Ins", "NAA+NAAG", "GPC+PCh"};

  static FitResult fitWith(FitOptions o) {
    Basis b = BasisFile.read(DIR.resolve("3t.basis")).basis();
    b = Macromolecules.append(b, Macromolecules.lcmodelDefaults());
    return new SpectrumFitter(b, o).fit(data());
  }

  static String fmrsName(String lcm) {
    for (String[] c : COMBOS) {
      if (c[0].equals(lcm)) {
        return c[1];
      }
    }
    return lcm;
  }

  /**
   * Fits LCModel's test_lcm spectrum with its 3t.basis (+ LCModel-default MM/lipid components) and
   * prints the comparison table of docs/validation-fit.md for the metabolites LCModel reports with
   * %SD &lt; 20; asserts the ratios that agree within 10 % for every single-stage baseline model,
   * and for the LCModel emulation ({@link FitOptions#lcmodelLike()}) every ratio within 10 % and
   * Glu+Gln/tNAA within 5 %. Columns {@code +ratio} and {@code +real} add the LCModel ratio priors
   * and then the real residual to {@code pspl1.5+each}.
   */
  @Test
  void ratiosToCrPlusPcrAgreeWithLcmodel() throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(DIR), "shared LCModel test data not present");
    Map<String, double[]> ref = lcmodelTable();
    FitOptions base = FitOptions.defaults().withPpmRange(0.2, 4.0);
    Map<String, FitOptions> configs = new LinkedHashMap<>();
    configs.put("poly2", base);
    configs.put("pspl1.5", base.withBaselineEdPerPpm(1.5));
    configs.put("auto", base.withBaselineEdPerPpm(FitOptions.AUTO));
    configs.put("pspl1.5+each", base.withBaselineEdPerPpm(1.5).withMetaboliteGroups("each"));
    FitOptions each = base.withBaselineEdPerPpm(1.5).withMetaboliteGroups("each");
    configs.put("+ratio", each.withRatioPriors(RatioPriors.LCMODEL));
    configs.put("+real", each.withRatioPriors(RatioPriors.LCMODEL).withResidual("real"));
    configs.put("lcmodelLike", FitOptions.lcmodelLike());
    Map<String, FitResult> results = new LinkedHashMap<>();
    for (Map.Entry<String, FitOptions> c : configs.entrySet()) {
      FitResult r = fitWith(c.getValue());
      System.out.printf("%s first fit %.0f ms%n", c.getKey(), r.fitTimeMs());
      assertThat(r.status()).as(c.getKey() + " " + r.reason()).isEqualTo(FitStatus.OK);
      results.put(c.getKey(), r);
    }
    StringBuilder sb = new StringBuilder("| metabolite | LCModel /Cr+PCr (%SD) |");
    for (String k : results.keySet()) {
      sb.append(' ').append(k).append(" (CRLB %) | diff |");
    }
    sb.append('\n');
    for (Map.Entry<String, double[]> e : ref.entrySet()) {
      double[] v = e.getValue();
      String name = fmrsName(e.getKey());
      if (v[1] >= 20 || results.get("poly2").metabolite(name) == null) {
        continue;
      }
      sb.append(
          String.format(java.util.Locale.ROOT, "| %s | %.3f (%.0f) |", e.getKey(), v[2], v[1]));
      for (FitResult r : results.values()) {
        MetaboliteEstimate me = r.metabolite(name);
        sb.append(
            String.format(
                java.util.Locale.ROOT,
                " %.3f (%.1f) | %+.1f%% |",
                me.ratioTCr(),
                me.crlbPercent(),
                100 * (me.ratioTCr() / v[2] - 1)));
      }
      sb.append('\n');
    }
    for (Map.Entry<String, FitResult> r : results.entrySet()) {
      FitResult f = r.getValue();
      sb.append(
          String.format(
              java.util.Locale.ROOT,
              "%s: phase %.1f deg, shift %.2f Hz, L %.2f Hz, G %.2f Hz, FWHM %.3f ppm, %d it, %.0f ms%n",
              r.getKey(),
              f.phase0Deg(),
              f.shiftHz(),
              f.lorentzHz(),
              f.gaussHz(),
              f.fwhmPpm(),
              f.iterations(),
              f.fitTimeMs()));
    }
    System.out.print(sb);
    for (Map.Entry<String, FitResult> e : results.entrySet()) {
      FitResult r = e.getValue();
      if (!java.util.Set.of("poly2", "pspl1.5", "auto").contains(e.getKey())) {
        continue; // per-metabolite groups: asserted below for lcmodelLike only
      }
      for (String name : AGREEING) {
        double lcm = ref.get(name)[2];
        assertThat(r.metabolite(fmrsName(name)).ratioTCr())
            .as(name)
            .isCloseTo(lcm, within(0.1 * lcm));
      }
    }
    // LCModel emulation: every ratio LCModel reports with %SD < 20 (the macromolecules MM09 and
    // MM20 included) within 10 %, and Glu+Gln/tNAA within 5 %
    FitResult lcm = results.get("lcmodelLike");
    for (Map.Entry<String, double[]> e : ref.entrySet()) {
      double[] v = e.getValue();
      if (v[1] >= 20 || lcm.metabolite(fmrsName(e.getKey())) == null) {
        continue;
      }
      assertThat(lcm.metabolite(fmrsName(e.getKey())).ratioTCr())
          .as("lcmodelLike " + e.getKey())
          .isCloseTo(v[2], within(0.1 * v[2]));
    }
    // with the ×2 zero-filling the real part carries the whole FID, and the CRLBs are LCModel's
    // %SD within a factor 1.4 for every single component it reports with %SD < 20 (not GPC:
    // LCModel's PCh is 0 and left out of its covariance, fmrs keeps the GPC/PCh covariance; sums
    // such as NAA+NAAG, 3 % in LCModel's integer %SD, are 5 % in fmrs)
    for (Map.Entry<String, double[]> e : ref.entrySet()) {
      double[] v = e.getValue();
      MetaboliteEstimate me = lcm.metabolite(fmrsName(e.getKey()));
      if (v[1] >= 20 || me == null || e.getKey().startsWith("GPC") || e.getKey().contains("+")) {
        continue;
      }
      assertThat(me.crlbPercent() / v[1])
          .as("lcmodelLike CRLB %% / LCModel %%SD of " + e.getKey())
          .isBetween(1 / 1.4, 1.4);
    }
    double glxPerNaa = ref.get("Glu+Gln")[0] / ref.get("NAA+NAAG")[0];
    assertThat(lcm.metabolite("Glx").amplitude() / lcm.metabolite("tNAA").amplitude())
        .as("lcmodelLike Glu+Gln/tNAA")
        .isCloseTo(glxPerNaa, within(0.05 * glxPerNaa));
    // Glu+Gln within 5 % is reached only with a stiff baseline (P-spline 1.5 ED/ppm here)
    double glx = ref.get("Glu+Gln")[2];
    assertThat(results.get("pspl1.5").metabolite("Glx").ratioTCr())
        .isCloseTo(glx, within(0.1 * glx));
  }
}
