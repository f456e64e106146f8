package org.fmrs.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fmrs.basis.Basis;
import org.fmrs.cohort.BlockSpec;
import org.fmrs.cohort.CohortOptions;
import org.fmrs.cohort.CohortSimulator;
import org.fmrs.cohort.Participant;
import org.fmrs.cohort.Session;
import org.fmrs.fid.Fid;
import org.fmrs.fit.FitOptions;
import org.fmrs.fit.FitResult;
import org.fmrs.fit.SpectrumFitter;
import org.fmrs.sim.SpectrumSynthesizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time of one {@link SpectrumFitter#fit} on a simulated 3 T PRESS spectrum (TE 30 ms, 2048 points,
 * the default basis of 15 metabolites + 5 macromolecules, SNR and lineshape drawn by the cohort
 * simulator). The fitter cycles through 64 different spectra so that the measured time is not that
 * of one lucky spectrum. {@code baseline} selects the default options (polynomial baseline) or the
 * automatic P-spline baseline ({@code baseline-ed-per-ppm = -1}); {@code groups} the option {@code
 * metabolite-groups}: {@code none} (global shift and linewidth only) or {@code each} (the second
 * stage with a shift and an extra damping per basis spectrum).
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Threads(1)
public class FitBenchmark {
  /** Number of distinct simulated spectra cycled through. */
  static final int SPECTRA = 64;

  /**
   * {@code default}: {@link FitOptions#defaults()}; {@code pspline-auto}: automatic P-spline;
   * {@code pspline-1.5}: P-spline with 1.5 effective dimensions per ppm.
   */
  @Param({"default", "pspline-auto"})
  public String baseline;

  /** {@code metabolite-groups}: {@code none} (the default) or {@code each}. */
  @Param({"none", "each"})
  public String groups;

  /**
   * {@code none}: the options given by {@code baseline} and {@code groups}; {@code lcmodel}: {@link
   * FitOptions#lcmodelLike()} (then {@code baseline} and {@code groups} are ignored); {@code
   * lcmodel-complex}: the same with the complex residual.
   */
  @Param({"none"})
  public String preset;

  private SpectrumFitter fitter;
  private Fid[] fids;
  private int next;

  /** Simulates the spectra and builds the basis and fitter (not timed). */
  @Setup(Level.Trial)
  public void setUp() {
    Basis basis = defaultBasis();
    FitOptions options = FitOptions.defaults();
    if (baseline.equals("pspline-auto")) {
      options = options.withBaselineEdPerPpm(FitOptions.AUTO);
    } else if (baseline.equals("pspline-1.5")) {
      options = options.withBaselineEdPerPpm(1.5);
    } else if (!baseline.equals("default")) {
      throw new IllegalArgumentException("unknown baseline " + baseline);
    }
    options = options.withMetaboliteGroups(groups);
    if (preset.equals("lcmodel")) {
      options = FitOptions.lcmodelLike();
    } else if (preset.equals("lcmodel-complex")) {
      options = FitOptions.lcmodelLike().withResidual(FitOptions.RESIDUAL_COMPLEX);
    } else if (!preset.equals("none")) {
      throw new IllegalArgumentException("unknown preset " + preset);
    }
    fitter = new SpectrumFitter(basis, options);
    fids = simulate(basis, SPECTRA).toArray(new Fid[0]);
  }

  /** One fit; the result is returned so that JMH consumes it. */
  @Benchmark
  public FitResult fit() {
    Fid fid = fids[next];
    next = (next + 1) % fids.length;
    return fitter.fit(fid);
  }

  /** The default cohort settings at 2048 points. */
  static CohortOptions cohortOptions() {
    return CohortOptions.defaults().withPoints(2048).withParticipants(8);
  }

  /** {@code Basis.forAcquisition("PRESS", 0.030, …)} at the cohort's field and dwell time. */
  static Basis defaultBasis() {
    CohortOptions o = cohortOptions();
    return Basis.forAcquisition("PRESS", 0.030, o.centralFrequencyHz(), o.dwellTimeS(), o.points());
  }

  /** The first {@code n} simulated block spectra of the default cohort. */
  static List<Fid> simulate(Basis basis, int n) {
    CohortSimulator sim = new CohortSimulator(cohortOptions().withParticipants(n / 16 + 1));
    List<Fid> out = new ArrayList<>();
    for (Participant p : sim.participants()) {
      for (Session s : sim.sessions(p)) {
        for (BlockSpec b : sim.blocks(p, s)) {
          if (out.size() < n) {
            out.add(SpectrumSynthesizer.block(basis, b));
          }
        }
      }
    }
    return out;
  }
}
