package org.fmrs.basis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The code table of the built-in definitions as it was before the spin-system JSON resource. */
final class LegacyBuiltInMetaboliteTable {
  private static final List<MetaboliteDefinition> ALL = new ArrayList<>();

  private LegacyBuiltInMetaboliteTable() {}

  static {
    metabolite(
        "NAA",
        group(3.0, new double[] {2.008}, new double[] {}),
        group(
            1.0,
            new double[] {4.3817, 2.6727, 2.4863},
            new double[] {1, 0, 3.861, 2, 0, 9.821, 2, 1, -15.592}));
    metabolite(
        "NAAG",
        group(3.0, new double[] {2.042}, new double[] {}),
        group(
            1.0,
            new double[] {4.607, 2.721, 2.519},
            new double[] {1, 0, 4.412, 2, 0, 9.515, 2, 1, -15.91}),
        group(
            1.0,
            new double[] {4.128, 2.049, 1.881, 2.18, 2.19, 7.95},
            new double[] {
              1, 0, 4.61, 2, 0, 8.42, 5, 0, 7.46, 2, 1, -14.28, 3, 1, 10.56, 4, 1, 6.09, 3, 2, 4.9,
              4, 2, 11.11, 4, 3, -15.28
            }));
    metabolite(
        "Cr",
        group(3.0, new double[] {3.027}, new double[] {}),
        group(2.0, new double[] {3.913}, new double[] {}));
    metabolite(
        "PCr",
        group(3.0, new double[] {3.029}, new double[] {}),
        group(2.0, new double[] {3.93}, new double[] {}));
    metabolite(
        "GPC",
        group(9.0, new double[] {3.212}, new double[] {}),
        group(
            1.0,
            new double[] {3.605, 3.672, 3.903, 3.871, 3.946, 0.0},
            new double[] {
              1, 0, -14.78, 2, 0, 5.77, 2, 1, 4.53, 3, 1, 5.77, 4, 1, 4.53, 4, 3, -14.78, 5, 3,
              6.03, 5, 4, 6.03
            }),
        group(
            1.0,
            new double[] {4.312, 4.312, 3.659, 3.659, 0.0, 0.0},
            new double[] {
              1, 0, -9.32, 2, 0, 3.1, 3, 0, 5.9, 4, 0, 2.67, 5, 0, 6.03, 2, 1, 5.9, 3, 1, 3.1, 4, 1,
              2.67, 5, 1, 6.03, 3, 2, -9.32
            }));
    metabolite(
        "PCh",
        group(9.0, new double[] {3.208}, new double[] {}),
        group(
            1.0,
            new double[] {4.2805, 4.2805, 3.641, 3.641, 0.0, 0.0},
            new double[] {
              1, 0, -14.89, 2, 0, 2.284, 3, 0, 7.231, 4, 0, 2.68, 5, 0, 6.298, 2, 1, 7.326, 3, 1,
              2.235, 4, 1, 2.772, 5, 1, 6.249, 3, 2, -14.19
            }));
    metabolite(
        "Glu",
        group(
            1.0,
            new double[] {3.7433, 2.0375, 2.12, 2.3378, 2.352},
            new double[] {
              1, 0, 7.331, 2, 0, 4.651, 2, 1, -14.849, 3, 1, 6.413, 4, 1, 8.406, 3, 2, 8.478, 4, 2,
              6.875, 4, 3, -15.915
            }));
    metabolite(
        "Gln",
        group(
            1.0,
            new double[] {3.753, 2.129, 2.109, 2.432, 2.454},
            new double[] {
              1, 0, 5.847, 2, 0, 6.5, 2, 1, -14.504, 3, 1, 9.165, 4, 1, 6.347, 3, 2, 6.324, 4, 2,
              9.209, 4, 3, -15.371
            }));
    metabolite(
        "GABA",
        group(
            1.0,
            new double[] {3.0128, 3.0128, 1.889, 1.889, 2.284, 2.284},
            new double[] {
              1, 0, -12.021, 2, 0, 5.372, 3, 0, 7.127, 2, 1, 10.578, 3, 1, 6.982, 3, 2, -13.121, 4,
              2, 7.755, 5, 2, 7.432, 4, 3, 6.173, 5, 3, 7.933, 5, 4, -10.744
            }));
    metabolite(
        "Ins",
        group(
            1.0,
            new double[] {3.5217, 4.0538, 3.5217, 3.6144, 3.269, 3.6144},
            new double[] {
              1, 0, 2.889, 5, 0, 9.998, 2, 1, 3.006, 3, 2, 9.997, 4, 3, 9.485, 5, 4, 9.482
            }));
    metabolite(
        "GSH",
        group(2.0, new double[] {3.769}, new double[] {}),
        group(
            1.0,
            new double[] {4.5608, 2.9264, 2.9747},
            new double[] {1, 0, 7.09, 2, 0, 4.71, 2, 1, -14.06}),
        group(
            1.0,
            new double[] {3.769, 2.159, 2.146, 2.51, 2.56},
            new double[] {
              1, 0, 6.34, 2, 0, 6.36, 2, 1, -15.48, 3, 1, 6.7, 4, 1, 7.6, 3, 2, 7.6, 4, 2, 6.7, 4,
              3, -15.92
            }));
    metabolite(
        "Tau",
        group(
            1.0,
            new double[] {3.4206, 3.4206, 3.2459, 3.2459},
            new double[] {
              1, 0, -12.438, 2, 0, 6.742, 3, 0, 6.464, 2, 1, 6.403, 3, 1, 6.792, 3, 2, -12.93
            }));
    metabolite(
        "Lac",
        group(
            1.0,
            new double[] {4.0974, 1.3142, 1.3142, 1.3142},
            new double[] {1, 0, 6.933, 2, 0, 6.933, 3, 0, 6.933}));
    metabolite(
        "Asp",
        group(
            1.0,
            new double[] {3.8914, 2.8011, 2.6533},
            new double[] {1, 0, 3.647, 2, 0, 9.107, 2, 1, -17.426}));
    metabolite("sIns", group(6.0, new double[] {3.34}, new double[] {}));
    macromolecule("MM09", new GaussianPeak(0.91, 0.14, 3.0));
    macromolecule("MM12", new GaussianPeak(1.21, 0.15, 2.0));
    macromolecule("MM14", new GaussianPeak(1.43, 0.17, 2.0));
    macromolecule("MM17", new GaussianPeak(1.67, 0.15, 2.0));
    macromolecule(
        "MM20",
        new GaussianPeak(2.08, 0.15, 1.33),
        new GaussianPeak(2.25, 0.15, 0.33),
        new GaussianPeak(1.95, 0.15, 0.33),
        new GaussianPeak(3.0, 0.2, 0.4));
  }

  /** All definitions, metabolites first, in a fixed order. */
  static List<MetaboliteDefinition> all() {
    return List.copyOf(ALL);
  }

  private static SpinSystem group(double scale, double[] shifts, double[] couplings) {
    return SpinSystem.of(scale, shifts, couplings);
  }

  private static void metabolite(String name, SpinSystem... groups) {
    ALL.add(new MetaboliteDefinition(name, Arrays.asList(groups), List.of()));
  }

  private static void macromolecule(String name, GaussianPeak... peaks) {
    ALL.add(new MetaboliteDefinition(name, List.of(), Arrays.asList(peaks)));
  }
}
