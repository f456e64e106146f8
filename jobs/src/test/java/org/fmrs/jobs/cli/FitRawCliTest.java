package org.fmrs.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.fmrs.jobs.SparkTestSupport.fmrs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.fmrs.basis.Basis;
import org.fmrs.basis.io.BasisFile;
import org.fmrs.basis.io.BasisHeader;
import org.fmrs.basis.io.LcmBasis;
import org.fmrs.fid.Fid;
import org.fmrs.io.lcmodel.LcmRawWriter;
import org.fmrs.jobs.SparkTestSupport.Cli;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fmrs fit --raw --basis --csv}: LCModel files fitted without Spark or a warehouse. */
class FitRawCliTest {
  @TempDir Path tmp;

  private static final double F0 = 127.786142e6;
  private static final double DWELL = 5e-4;
  private static final int N = 1024;

  private static final Path LCM = Path.of("..", "..", "shared", "data", "lcmodel_test_lcm");

  /** Rows of the CSV keyed by spectrum_id + "/" + metabolite. */
  private static Map<String, String[]> rows(Path csv) throws Exception {
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0))
        .isEqualTo(
            "spectrum_id,metabolite,amplitude,crlb_percent,ratio_tcr,ratio_tnaa,"
                + "concentration_mm,snr,fwhm_ppm,status");
    Map<String, String[]> m = new HashMap<>();
    for (String l : lines.subList(1, lines.size())) {
      String[] p = l.split(",", -1);
      m.put(p[0] + "/" + p[1], p);
    }
    return m;
  }

  /** Known concentrations of the synthetic spectrum. */
  private static final Map<String, Double> TRUTH =
      Map.of("NAA", 12.0, "Cr", 8.0, "PCr", 4.5, "GPC", 1.5, "Glu", 11.0, "Ins", 7.0);

  /** The basis {@code b} as an LCModel .BASIS file. */
  private Path basisFile(Basis b, String name) throws Exception {
    Path basisFile = tmp.resolve(name);
    LcmBasis.write(BasisFile.of(b, BasisHeader.of("sim", 0, "pulse-acquire")), basisFile);
    return basisFile;
  }

  /** {@link #TRUTH} in basis {@code b}, 4 Hz Lorentzian, Gaussian noise of SD 0.3 (seed 7). */
  private static Fid synthetic(Basis b) {
    Map<String, Double> truth = TRUTH;
    double[] re = new double[N];
    double[] im = new double[N];
    for (int k = 0; k < b.size(); k++) {
      double a = truth.getOrDefault(b.names().get(k), 0.0);
      for (int j = 0; j < N; j++) {
        double env = Math.exp(-Math.PI * 4 * j * DWELL);
        re[j] += a * b.fidRe(k)[j] * env;
        im[j] += a * b.fidIm(k)[j] * env;
      }
    }
    Random rnd = new Random(7);
    for (int j = 0; j < N; j++) {
      re[j] += 0.3 * rnd.nextGaussian();
      im[j] += 0.3 * rnd.nextGaussian();
    }
    return new Fid(re, im, DWELL, F0);
  }

  @Test
  void syntheticRawWithWaterReferenceGivesMillimolar() throws Exception {
    Basis b = Basis.builtIn(F0, DWELL, N);
    Path basisFile = basisFile(b, "sim.basis");
    Path dir = Files.createDirectories(tmp.resolve("raw"));
    Files.writeString(
        dir.resolve("s1.RAW"), LcmRawWriter.toText(synthetic(b), Double.NaN, "", "s1"));
    // water at 4.65 ppm whose t = 0 signal is 2·ATTH2O·WCONC proton units: data are then in mM
    double unit = Math.hypot(b.fidRe(b.indexOf("Cr"))[0], b.fidIm(b.indexOf("Cr"))[0]) / 5;
    double sw = 2 * 0.7 * 35880 * unit;
    double[] wr = new double[N];
    double[] wi = new double[N];
    for (int j = 0; j < N; j++) {
      wr[j] = sw * Math.exp(-Math.PI * 5 * j * DWELL);
    }
    Files.writeString(
        dir.resolve("s1.H2O"),
        LcmRawWriter.toText(new Fid(wr, wi, DWELL, F0), Double.NaN, "", "w"));
    Path csv = tmp.resolve("out.csv");
    Cli r =
        fmrs(
            "fit",
            "--raw",
            dir.toString(),
            "--basis",
            basisFile.toString(),
            "--h2o",
            "--dwell-s",
            Double.toString(DWELL),
            "--central-frequency-hz",
            Double.toString(F0),
            "--csv",
            csv.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("fitted 1 spectra");
    Map<String, String[]> rows = rows(csv);
    String[] naa = rows.get("s1/NAA");
    assertThat(naa[9]).isEqualTo("OK");
    assertThat(Double.parseDouble(naa[6])).isCloseTo(12.0, within(0.6));
    assertThat(Double.parseDouble(rows.get("s1/tCr")[6])).isCloseTo(12.5, within(0.8));
    assertThat(Double.parseDouble(rows.get("s1/tNAA")[4])).isCloseTo(12.0 / 12.5, within(0.08));
  }

  @Test
  void curvesCsvHasOneRowPerPointAndColumnPerBasisEntryThatAddUp() throws Exception {
    Basis b = Basis.builtIn(F0, DWELL, N);
    Path basisFile = basisFile(b, "curves.basis");
    Path dir = Files.createDirectories(tmp.resolve("curves"));
    Files.writeString(
        dir.resolve("s1.RAW"), LcmRawWriter.toText(synthetic(b), Double.NaN, "", "s1"));
    Files.writeString(
        dir.resolve("zero.RAW"),
        LcmRawWriter.toText(new Fid(new double[N], new double[N], DWELL, F0), Double.NaN, "", "z"));
    Path curves = tmp.resolve("curves.csv");
    Cli r =
        fmrs(
            "fit",
            "--raw",
            dir.toString(),
            "--basis",
            basisFile.toString(),
            "--dwell-s",
            Double.toString(DWELL),
            "--central-frequency-hz",
            Double.toString(F0),
            "--curves-csv",
            curves.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("fitted 2 spectra").contains("FAILED=1").contains("OK=1");
    List<String> lines = Files.readAllLines(curves);
    String[] header = lines.get(0).split(",", -1);
    List<String> expected =
        new java.util.ArrayList<>(
            List.of("spectrum_id", "ppm", "data", "fit", "baseline", "residual"));
    Basis withMm = org.fmrs.jobs.fit.RawFit.withDefaultMacromolecules(b);
    expected.addAll(withMm.names());
    assertThat(header).containsExactlyElementsOf(expected);
    assertThat(withMm.names()).contains("NAA").anyMatch(n -> n.startsWith("MM"));
    assertThat(lines).hasSizeGreaterThan(101);
    assertThat(r.out()).contains("wrote " + (lines.size() - 1) + " curve rows");
    double prevPpm = Double.NEGATIVE_INFINITY;
    double maxFit = 0;
    double maxSumError = 0;
    double maxResidualError = 0;
    int naa = expected.indexOf("NAA");
    double naaPeak = 0;
    double naaPeakPpm = Double.NaN;
    for (String line : lines.subList(1, lines.size())) {
      String[] p = line.split(",", -1);
      assertThat(p).hasSize(header.length);
      assertThat(p[0]).isEqualTo("s1"); // the all-zero file has no curves
      double[] v = new double[p.length];
      for (int i = 1; i < p.length; i++) {
        v[i] = Double.parseDouble(p[i]);
      }
      assertThat(v[1]).isGreaterThan(prevPpm);
      prevPpm = v[1];
      double sum = v[4];
      for (int i = 6; i < v.length; i++) {
        sum += v[i];
      }
      maxFit = Math.max(maxFit, Math.abs(v[3]));
      maxSumError = Math.max(maxSumError, Math.abs(v[3] - sum));
      maxResidualError = Math.max(maxResidualError, Math.abs(v[5] - (v[2] - v[3])));
      if (v[naa] > naaPeak) {
        naaPeak = v[naa];
        naaPeakPpm = v[1];
      }
    }
    assertThat(maxFit).isGreaterThan(0);
    assertThat(maxSumError).isLessThan(1e-9 * maxFit);
    assertThat(maxResidualError).isLessThan(1e-9 * maxFit);
    assertThat(naaPeakPpm).isCloseTo(2.01, within(0.03));
  }

  @Test
  void curvesFlagIsForTheWarehouse() {
    Cli r =
        fmrs(
            "fit",
            "--raw",
            tmp.toString(),
            "--basis",
            tmp.resolve("x.basis").toString(),
            "--curves",
            "--csv",
            tmp.resolve("x.csv").toString());
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("--curves-csv");
  }

  @Test
  void lcmodelTestDataWithoutWarehouse() throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(LCM), "shared LCModel test data not present");
    Path csv = tmp.resolve("lcm.csv");
    Cli r =
        fmrs(
            "fit",
            "--raw",
            LCM.resolve("data.raw").toString(),
            "--basis",
            LCM.resolve("3t.basis").toString(),
            "--set",
            "ppm-end=4.0",
            "--csv",
            csv.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    Map<String, String[]> rows = rows(csv);
    assertThat(rows.get("data/NAA")[9]).isEqualTo("OK");
    // LCModel 6.3: NAA+NAAG / Cr+PCr 1.306, GPC+PCh / Cr+PCr 0.250
    assertThat(Double.parseDouble(rows.get("data/tNAA")[4])).isCloseTo(1.306, within(0.13));
    assertThat(Double.parseDouble(rows.get("data/tCho")[4])).isCloseTo(0.250, within(0.025));
    assertThat(rows.get("data/NAA")[6]).isEmpty(); // no water reference
    assertThat(rows).containsKey("data/MM20");
  }

  @Test
  void unreadableFileGetsAFailedRow() throws Exception {
    Basis b = Basis.builtIn(F0, DWELL, N);
    Path basisFile = tmp.resolve("sim2.basis");
    LcmBasis.write(BasisFile.of(b, BasisHeader.of("sim", 0, "pulse-acquire")), basisFile);
    Path bad = tmp.resolve("bad.RAW");
    Files.writeString(bad, " $NMID\n $END\n 1.0 abc\n");
    Path csv = tmp.resolve("bad.csv");
    Cli r =
        fmrs(
            "fit",
            "--raw",
            bad.toString(),
            "--basis",
            basisFile.toString(),
            "--csv",
            csv.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("FAILED=1");
    String[] row = rows(csv).get("bad/");
    assertThat(row[9]).isEqualTo("FAILED");
  }

  @Test
  void rawWithoutBasisIsRejected() {
    Cli r = fmrs("fit", "--raw", tmp.toString(), "--csv", tmp.resolve("x.csv").toString());
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("--basis");
  }
}
