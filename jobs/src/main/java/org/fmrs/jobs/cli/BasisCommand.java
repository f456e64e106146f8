package org.fmrs.jobs.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fmrs.basis.Basis;
import org.fmrs.basis.Sequence;
import org.fmrs.basis.ShapedPulse;
import org.fmrs.basis.SliceSelection;
import org.fmrs.basis.SpinSystemLibrary;
import org.fmrs.basis.io.BasisFile;
import org.fmrs.basis.io.BasisHeader;
import org.fmrs.basis.io.FslBasis;
import org.fmrs.basis.io.LcmBasis;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fmrs basis}: simulate basis sets and inspect basis files (no Spark). */
@Command(
    name = "basis",
    mixinStandardHelpOptions = true,
    description = "Simulate a basis set (density matrix, ideal pulses) or show a basis file.",
    subcommands = {BasisCommand.Simulate.class, BasisCommand.Show.class})
final class BasisCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code fmrs basis simulate}. */
  @Command(
      name = "simulate",
      mixinStandardHelpOptions = true,
      description =
          "Simulate the built-in metabolites (and MM09..MM20 macromolecules) for a sequence;"
              + " writes <out>.BASIS (LCModel) and the FSL-MRS JSON folder <out>/.")
  static final class Simulate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--sequence",
        description = "pulse-acquire | spin-echo | press | steam | slaser (${DEFAULT-VALUE}).")
    String sequence = "press";

    @Option(names = "--te-ms", description = "Echo time TE, ms (${DEFAULT-VALUE}).")
    double teMs = 30;

    @Option(names = "--te1-ms", description = "PRESS TE1, ms (default TE/2; TE2 = TE − TE1).")
    Double te1Ms;

    @Option(names = "--tm-ms", description = "STEAM mixing time TM, ms (default 10).")
    Double tmMs;

    @Option(names = "--field-mhz", description = "Spectrometer frequency, MHz (${DEFAULT-VALUE}).")
    double fieldMhz = 123.2;

    @Option(names = "--points", description = "Complex points per FID (${DEFAULT-VALUE}).")
    int points = 4096;

    @Option(names = "--dwell-s", description = "Dwell time, s (${DEFAULT-VALUE}).")
    double dwellS = 0.00025;

    @Option(
        names = "--metabolites",
        split = ",",
        description =
            "Comma-separated names from the spin-system library: the default 15 metabolites, Ala,"
                + " Asc, Glc, Gly, PE, aliases such as mI or Scyllo, and MM09..MM20; default: the"
                + " 15 default metabolites and the macromolecules.")
    List<String> metabolites;

    @Option(names = "--no-mm", description = "Leave out the macromolecule components.")
    boolean noMm;

    @Option(
        names = "--refocusing",
        description =
            "Refocusing pulses: ideal (instantaneous), sinc (Hann-windowed sinc, PRESS) or hs"
                + " (hyperbolic-secant adiabatic full passages, PRESS or slaser); shaped pulses are"
                + " slice selective and averaged over the slice profile (${DEFAULT-VALUE}).")
    String refocusing = "ideal";

    @Option(
        names = "--pulse-ms",
        description = "Shaped refocusing pulse duration, ms (default 4 for sinc, 5 for hs).")
    Double pulseMs;

    @Option(
        names = "--pulse-tbw",
        description = "Time-bandwidth product of the sinc pulse (${DEFAULT-VALUE}).")
    double pulseTbw = 6;

    @Option(
        names = "--pulse-bandwidth-hz",
        description = "Swept bandwidth of the hs pulse, Hz (${DEFAULT-VALUE}).")
    double pulseBandwidthHz = 6000;

    @Option(names = "--pulse-order", description = "Order n of the HSn pulse (${DEFAULT-VALUE}).")
    int pulseOrder = 4;

    @Option(
        names = "--pulse-carrier-ppm",
        description = "Carrier frequency of the shaped pulses, ppm (${DEFAULT-VALUE}).")
    double carrierPpm = 3.0;

    @Option(
        names = "--slice-positions",
        description = "Positions per slice axis in the slice-profile average (${DEFAULT-VALUE}).")
    int slicePositions = 30;

    @Option(
        names = "--spin-systems",
        paramLabel = "FILE",
        description =
            "A spin-system file in the library's schema (docs/spin-systems.md) whose entries"
                + " replace the built-in ones of the same name (or alias) or add new ones.")
    Path spinSystems;

    @Option(
        names = "--out",
        required = true,
        description = "Output stem: writes <out>.BASIS and <out>/ (FSL-MRS JSON).")
    Path out;

    /** The named sequence, with shaped slice-selective refocusing pulses when asked for. */
    private Sequence sequence() {
      String kind = refocusing.toLowerCase(Locale.ROOT);
      String seqName = sequence.toLowerCase(Locale.ROOT);
      if (kind.equals("ideal")) {
        return Sequence.named(
            sequence, teMs, te1Ms == null ? Double.NaN : te1Ms, tmMs == null ? Double.NaN : tmMs);
      }
      double te1 = (te1Ms == null ? teMs / 2 : te1Ms) * 1e-3;
      double te = teMs * 1e-3;
      if (kind.equals("sinc") && seqName.equals("press")) {
        double t = (pulseMs == null ? 4 : pulseMs) * 1e-3;
        ShapedPulse p =
            ShapedPulse.windowedSinc(t, pulseTbw, 180, 90, 100)
                .withCarrierPpm(carrierPpm)
                .withSlice(new SliceSelection(pulseTbw / t, 1, 2, slicePositions));
        return Sequence.press(te1, te - te1, p);
      }
      if (kind.equals("hs") && (seqName.equals("press") || seqName.equals("slaser"))) {
        double t = (pulseMs == null ? 5 : pulseMs) * 1e-3;
        ShapedPulse p =
            ShapedPulse.hyperbolicSecant(
                    t, pulseBandwidthHz, pulseOrder, Math.sqrt(pulseBandwidthHz / t), 0, 150)
                .withCarrierPpm(carrierPpm)
                .withSlice(new SliceSelection(pulseBandwidthHz, 1, 2, slicePositions));
        return seqName.equals("press")
            ? Sequence.press(te1, te - te1, p)
            : Sequence.semiLaser(te, p);
      }
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--refocusing must be ideal, sinc (press) or hs (press, slaser); got "
              + refocusing
              + " for --sequence "
              + sequence);
    }

    @Override
    public Integer call() {
      Sequence seq = sequence();
      SpinSystemLibrary library =
          spinSystems == null
              ? SpinSystemLibrary.builtIn()
              : SpinSystemLibrary.builtIn().overriddenBy(SpinSystemLibrary.read(spinSystems));
      List<String> names =
          new ArrayList<>(metabolites == null ? library.defaultNames() : metabolites);
      if (noMm) {
        names.removeAll(Basis.macromoleculeNames());
      }
      long t0 = System.nanoTime();
      Basis b = Basis.simulate(library, seq, names, fieldMhz * 1e6, dwellS, points);
      double seconds = (System.nanoTime() - t0) * 1e-9;
      BasisFile file = BasisFile.of(b, BasisHeader.of("FMRS", seq.echoTimeS() * 1e3, seq.name()));
      Path stem = out.toAbsolutePath();
      Path lcm = stem.resolveSibling(stem.getFileName() + ".BASIS");
      LcmBasis.write(file, lcm);
      FslBasis.write(file, stem);
      PrintWriter w = spec.commandLine().getOut();
      w.printf(
          Locale.ROOT,
          "simulated %d components (%s, TE %.1f ms, %s refocusing, %.4f MHz) in %.2f s%n"
              + "spin systems: %s%n"
              + "wrote %s and %s%n",
          b.size(),
          seq.name(),
          seq.echoTimeS() * 1e3,
          refocusing,
          fieldMhz,
          seconds,
          library.source(),
          lcm,
          stem);
      w.flush();
      return 0;
    }
  }

  /** {@code fmrs basis show}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "List the metabolites and acquisition parameters of a basis file or folder.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "BASIS", description = "LCModel .BASIS file or FSL-MRS folder.")
    Path path;

    @Override
    public Integer call() {
      BasisFile f = BasisFile.read(path);
      Basis b = f.basis();
      BasisHeader h = f.header();
      PrintWriter w = spec.commandLine().getOut();
      w.printf(Locale.ROOT, "file:       %s%n", path);
      w.printf(Locale.ROOT, "format:     %s%n", h.format());
      w.printf(Locale.ROOT, "id:         %s%n", h.id() == null ? "-" : h.id());
      w.printf(Locale.ROOT, "sequence:   %s%n", h.sequence() == null ? "-" : h.sequence());
      w.printf(
          Locale.ROOT,
          "TE:         %s%n",
          Double.isNaN(h.echoTimeMs())
              ? "-"
              : String.format(Locale.ROOT, "%.2f ms", h.echoTimeMs()));
      w.printf(Locale.ROOT, "field:      %.6f MHz%n", b.centralFrequencyHz() * 1e-6);
      w.printf(Locale.ROOT, "dwell:      %.6g s (%.1f Hz)%n", b.dwellTimeS(), 1 / b.dwellTimeS());
      w.printf(Locale.ROOT, "points:     %d%n", b.points());
      w.printf(Locale.ROOT, "components: %d%n", b.size());
      w.printf(Locale.ROOT, "names:      %s%n", String.join(", ", b.names()));
      w.flush();
      return 0;
    }
  }
}
