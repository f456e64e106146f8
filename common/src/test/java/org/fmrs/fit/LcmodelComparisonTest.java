package org.fmrs.fit;

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

  @Test
  void compare() throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(DIR), "shared LCModel test data not present");
    Basis b = BasisFile.read(DIR.resolve("3t.basis")).basis();
    b = Macromolecules.append(b, Macromolecules.lcmodelDefaults());
    Map<String, double[]> ref = lcmodelTable();
    Fid fid = data();
    for (FitOptions o :
        new FitOptions[] {
          FitOptions.defaults(),
          FitOptions.defaults().withPpmRange(0.2, 4.0),
          FitOptions.defaults().withPpmRange(0.2, 4.0).withBaselineEdPerPpm(2),
          FitOptions.defaults().withPpmRange(0.2, 4.0).withBaselineEdPerPpm(4),
          FitOptions.defaults().withPpmRange(0.2, 4.0).withBaselineEdPerPpm(1),
          FitOptions.defaults().withPpmRange(0.2, 4.0).withFitPhase1(true).withBaselineOrder(6)
        }) {
      SpectrumFitter f = new SpectrumFitter(b, o);
      FitResult r = f.fit(fid);
      r = f.fit(fid);
      System.out.printf(
          "%s %s [%s] fwhm %.3f ph %.1f %.1f shift %.2f L %.2f G %.2f ms %.1f%n",
          o,
          r.status(),
          r.reason(),
          r.fwhmPpm(),
          r.phase0Deg(),
          r.phase1DegPerPpm(),
          r.shiftHz(),
          r.lorentzHz(),
          r.gaussHz(),
          r.fitTimeMs());
      String[][] map = {
        {"NAA+NAAG", "tNAA"}, {"Cr+PCr", "tCr"}, {"GPC+PCh", "tCho"}, {"Glu+Gln", "Glx"}
      };
      for (Map.Entry<String, double[]> e : ref.entrySet()) {
        String name = e.getKey();
        for (String[] mm : map) {
          if (mm[0].equals(name)) {
            name = mm[1];
          }
        }
        MetaboliteEstimate me = r.metabolite(name);
        if (me == null) {
          continue;
        }
        System.out.printf(
            "  %-8s lcm %6.3f (%3.0f%%)  fmrs %6.3f (%5.1f%%)  diff %+6.1f%%%n",
            e.getKey(),
            e.getValue()[2],
            e.getValue()[1],
            me.ratioTCr(),
            me.crlbPercent(),
            100 * (me.ratioTCr() / e.getValue()[2] - 1));
      }
    }
  }
}
