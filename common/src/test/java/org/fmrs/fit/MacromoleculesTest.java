package org.fmrs.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fmrs.basis.Basis;
import org.fmrs.basis.GaussianPeak;
import org.fmrs.fid.Fid;
import org.fmrs.sim.LineshapeParams;
import org.fmrs.sim.SpectrumSynthesizer;
import org.junit.jupiter.api.Test;

class MacromoleculesTest {

  /** The built-in metabolites only (no MM components), first points scaled by {@code first}. */
  private static Basis metabolites(double first) {
    Basis b = FitTestSupport.basis();
    List<String> names = new ArrayList<>();
    List<double[]> re = new ArrayList<>();
    List<double[]> im = new ArrayList<>();
    for (int k = 0; k < b.size(); k++) {
      if (b.names().get(k).startsWith("MM")) {
        continue;
      }
      double[] r = b.fidRe(k).clone();
      double[] q = b.fidIm(k).clone();
      r[0] *= first;
      q[0] *= first;
      names.add(b.names().get(k));
      re.add(r);
      im.add(q);
    }
    return new Basis(
        names,
        re.toArray(new double[0][]),
        im.toArray(new double[0][]),
        b.dwellTimeS(),
        b.centralFrequencyHz());
  }

  /** t = 0 magnitude extrapolated from points 1–3 (unaffected by the first-point convention). */
  private static double extrapolated(Basis b, String name) {
    int k = b.indexOf(name);
    double[] re = b.fidRe(k);
    double[] im = b.fidIm(k);
    return 3 * Math.hypot(re[1], im[1]) - 3 * Math.hypot(re[2], im[2]) + Math.hypot(re[3], im[3]);
  }

  @Test
  void componentsArePerProtonLikeCreatineWhateverTheFirstPointConvention() {
    Map<String, List<GaussianPeak>> mm = Map.of("X", List.of(new GaussianPeak(0.9, 0.14, 3)));
    for (double first : new double[] {1, 0.5}) {
      Basis b = Macromolecules.append(metabolites(first), mm);
      int cr = b.indexOf("Cr");
      int x = b.indexOf("X");
      assertThat(Basis.firstPointHalved(b.fidRe(cr), b.fidIm(cr))).isEqualTo(first < 1);
      // per proton, the component starts like creatine (5 protons) ...
      assertThat(extrapolated(b, "X") / 3)
          .as("first point x" + first)
          .isCloseTo(extrapolated(b, "Cr") / 5, within(0.01 * extrapolated(b, "Cr") / 5));
      // ... and its own first point follows the basis's convention
      double x0 = Math.hypot(b.fidRe(x)[0], b.fidIm(x)[0]);
      assertThat(x0).isCloseTo(first * extrapolated(b, "X"), within(0.01 * extrapolated(b, "X")));
      assertThat(Basis.firstPointHalved(b.fidRe(x), b.fidIm(x))).isEqualTo(first < 1);
    }
  }

  @Test
  void expectedDampingRecoversABroaderComponent() {
    // MM09 in the data is 12 Hz broader than its basis spectrum: centring its damping prior there
    // (with a tight SD) recovers its amplitude; the default prior (centred on the common damping)
    // keeps it narrow and underestimates it
    Basis b = FitTestSupport.basis();
    int mm = b.indexOf("MM09");
    double[][] re = new double[b.size()][];
    double[][] im = new double[b.size()][];
    for (int k = 0; k < b.size(); k++) {
      re[k] = b.fidRe(k).clone();
      im[k] = b.fidIm(k).clone();
    }
    for (int j = 0; j < b.points(); j++) {
      double decay = Math.exp(-Math.PI * 12 * j * b.dwellTimeS());
      re[mm][j] *= decay;
      im[mm][j] *= decay;
    }
    Basis broad = new Basis(b.names(), re, im, b.dwellTimeS(), b.centralFrequencyHz());
    double[] amps = FitTestSupport.amplitudes(b, FitTestSupport.truth());
    Fid fid =
        SpectrumSynthesizer.withNoise(
            SpectrumSynthesizer.synthesize(broad, amps, new LineshapeParams(4, 3, 2, 0.3)),
            1000,
            new SplittableRandom(5));
    FitOptions each = FitOptions.defaults().withBaselineEdPerPpm(1.5).withMetaboliteGroups("each");
    FitOptions expected =
        each.withGroupDampingExpectedHz("MM09:12").withGroupPriorOverrides("", "MM09:1");
    assertThat(expected.toMap()).containsEntry("group-damping-expected-hz", "MM09:12");
    assertThat(FitOptions.fromMap(expected.toMap()).toMap()).isEqualTo(expected.toMap());
    double truth = amps[mm];
    double withPrior = new SpectrumFitter(b, expected).fit(fid).metabolite("MM09").amplitude();
    double without = new SpectrumFitter(b, each).fit(fid).metabolite("MM09").amplitude();
    assertThat(withPrior).isCloseTo(truth, within(0.03 * truth));
    assertThat(without).isLessThan(0.8 * truth);
  }
}
