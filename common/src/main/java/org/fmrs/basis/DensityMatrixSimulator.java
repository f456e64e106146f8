package org.fmrs.basis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.fmrs.ppm.PpmAxis;

/**
 * Exact density-matrix simulation of a {@link Sequence} for one {@link SpinSystem} (strong
 * coupling, full Hamiltonian; no first-order shortcuts).
 *
 * <p>Method. The static Hamiltonian (Hz) {@code H = Σ ν_i I_zi + Σ_{i<k} J_ik I_i·I_k} (protons;
 * {@code J I_z S_z} to a heteronucleus) conserves the total proton magnetisation M and every
 * heteronuclear {@code S_z}; it is diagonalised block by block over these quantum numbers, so each
 * eigenstate has a definite M and coherence orders stay well defined in the eigenbasis. Everything
 * then happens in the eigenbasis {@code H = V E Vᵀ}: the density matrix starts as {@code F_z}
 * (diagonal there), free evolution multiplies {@code ρ_ab} by {@code exp(−i2π(E_a − E_b)t)}, a
 * pulse applies {@code ρ → R ρ R†} with {@code R = Vᵀ exp(−iθ(F_x cos φ + F_y sin φ)) V} (protons
 * only; computed once per distinct pulse), and crushers keep one coherence order. The detected
 * signal {@code s(t) = Tr[ρ(t) F_+]} (the −1 coherence; fmrs sign convention, {@code ν_i = (δ_i −
 * 4.65)·f0·1e-6}) is returned as a list of transitions (frequency {@code E_b − E_a}, complex
 * amplitude {@code ρ_ab (VᵀF_+V)_ba}) from which the FID is built analytically.
 *
 * <p>Scaling: amplitudes are multiplied by {@code 4/dim · scale}, so each proton contributes 1 to a
 * pulse–acquire FID at t = 0; a receiver phase is applied such that an on-resonance uncoupled
 * singlet comes out real and positive (amplitude 1 for pulse–acquire, spin echo, PRESS and sLASER
 * with ideal pulses, 1/2 for STEAM).
 */
public final class DensityMatrixSimulator {
  private static final double MIN_AMPLITUDE = 1e-9;

  private DensityMatrixSimulator() {}

  /** Transitions detected at the start of acquisition of {@code sequence}. */
  public static Lines simulate(SpinSystem system, Sequence sequence, double centralFrequencyHz) {
    double[] phase = receiverPhase(sequence, centralFrequencyHz);
    Eigen e = Eigen.of(system, centralFrequencyHz);
    return e.run(sequence, phase[0], phase[1], system.scale());
  }

  /**
   * Unit complex factor making an on-resonance singlet real and positive (with shaped pulses: a
   * singlet at the carrier of the first shaped pulse, at the actual field).
   */
  private static double[] receiverPhase(Sequence sequence, double f0) {
    double ppm = PpmAxis.REFERENCE_PPM;
    double field = 1e8;
    for (Sequence.Step step : sequence.steps()) {
      if (step instanceof Sequence.Rf rf && rf.pulse() instanceof ShapedPulse sp) {
        ppm = sp.carrierPpm();
        field = f0;
        break;
      }
    }
    SpinSystem ref =
        new SpinSystem(1.0, new double[] {ppm}, new boolean[] {true}, new double[1][1]);
    Lines l = Eigen.of(ref, field).run(sequence, 1, 0, 1);
    double re = 0;
    double im = 0;
    for (int k = 0; k < l.size(); k++) {
      re += l.ampRe()[k];
      im += l.ampIm()[k];
    }
    double mag = Math.hypot(re, im);
    if (mag < 1e-12) {
      return new double[] {1, 0};
    }
    return new double[] {re / mag, -im / mag};
  }

  /** Eigenbasis of one spin system. */
  private static final class Eigen {
    final int n;
    final int dim;
    final boolean[] proton;
    final double[] energy;
    final double[][] v; // columns: eigenvectors, block-diagonal
    final int[] twoM; // 2 × total proton magnetisation of each eigenstate
    final SpinSystem system;
    final double f0;
    private ShapedPulsePropagator shaped;

    private Eigen(
        SpinSystem system,
        double f0,
        int n,
        boolean[] proton,
        double[] energy,
        double[][] v,
        int[] twoM) {
      this.system = system;
      this.f0 = f0;
      this.n = n;
      this.dim = 1 << n;
      this.proton = proton;
      this.energy = energy;
      this.v = v;
      this.twoM = twoM;
    }

    static Eigen of(SpinSystem system, double f0) {
      int n = system.shiftsPpm().length;
      int dim = 1 << n;
      boolean[] proton = system.proton();
      double[][] j = system.couplingsHz();
      double[] nu = new double[n];
      for (int i = 0; i < n; i++) {
        nu[i] = proton[i] ? PpmAxis.ppmToHz(system.shiftsPpm()[i], f0) : 0;
      }
      int[] twoM = new int[dim];
      Map<Integer, List<Integer>> blocks = new LinkedHashMap<>();
      for (int s = 0; s < dim; s++) {
        int m = 0;
        int hetero = 0;
        for (int i = 0; i < n; i++) {
          boolean up = ((s >> i) & 1) == 0;
          if (proton[i]) {
            m += up ? 1 : -1;
          } else if (up) {
            hetero |= 1 << i;
          }
        }
        twoM[s] = m;
        blocks.computeIfAbsent((m + n) + (2 * n + 1) * hetero, k -> new ArrayList<>()).add(s);
      }
      double[] energy = new double[dim];
      double[][] v = new double[dim][dim];
      for (List<Integer> states : blocks.values()) {
        int b = states.size();
        double[][] h = new double[b][b];
        Map<Integer, Integer> pos = new HashMap<>();
        for (int x = 0; x < b; x++) {
          pos.put(states.get(x), x);
        }
        for (int x = 0; x < b; x++) {
          int s = states.get(x);
          double diag = 0;
          for (int i = 0; i < n; i++) {
            double mi = ((s >> i) & 1) == 0 ? 0.5 : -0.5;
            diag += nu[i] * mi;
            for (int k = i + 1; k < n; k++) {
              double mk = ((s >> k) & 1) == 0 ? 0.5 : -0.5;
              diag += j[i][k] * mi * mk;
              boolean flipFlop = proton[i] && proton[k] && (((s >> i) & 1) != ((s >> k) & 1));
              if (flipFlop && j[i][k] != 0) {
                int t = s ^ (1 << i) ^ (1 << k);
                h[pos.get(t)][x] += 0.5 * j[i][k];
              }
            }
          }
          h[x][x] = diag;
        }
        if (b == 1) {
          energy[states.get(0)] = h[0][0];
          v[states.get(0)][states.get(0)] = 1;
          continue;
        }
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(h, false));
        double[] ev = eig.getRealEigenvalues();
        double[][] vec = eig.getV().getData();
        for (int c = 0; c < b; c++) {
          int col = states.get(c);
          energy[col] = ev[c];
          for (int r = 0; r < b; r++) {
            v[states.get(r)][col] = vec[r][c];
          }
        }
      }
      return new Eigen(system, f0, n, proton.clone(), energy, v, twoM);
    }

    Lines run(Sequence sequence, double phaseRe, double phaseIm, double scale) {
      double[][] rr = new double[dim][dim];
      double[][] ri = new double[dim][dim];
      for (int a = 0; a < dim; a++) {
        rr[a][a] = 0.5 * twoM[a]; // F_z is diagonal in the M-block eigenbasis
      }
      Map<Object, double[][][]> rotations = new HashMap<>();
      List<Sequence.Step> steps = sequence.steps();
      int i = 0;
      while (i < steps.size()) {
        Sequence.Step step = steps.get(i);
        SliceSelection slice =
            step instanceof Sequence.Rf rf && rf.pulse() instanceof ShapedPulse sp
                ? sp.slice()
                : null;
        if (slice == null) {
          apply(step, rr, ri, rotations, 0);
          i++;
          continue;
        }
        // slice-selective segment: this pulse up to the last following pulse on the same axis
        int end = i;
        for (int k = i + 1; k < steps.size(); k++) {
          if (steps.get(k) instanceof Sequence.Rf rf) {
            if (rf.pulse() instanceof ShapedPulse sp
                && sp.slice() != null
                && sp.slice().axis() == slice.axis()) {
              end = k;
            } else {
              break;
            }
          }
        }
        double[][] sumR = new double[dim][dim];
        double[][] sumI = new double[dim][dim];
        for (int pos = 0; pos < slice.positions(); pos++) {
          double[][] pr = copy(rr);
          double[][] pi = copy(ri);
          for (int k = i; k <= end; k++) {
            apply(steps.get(k), pr, pi, rotations, pos);
          }
          double w = slice.weight();
          for (int a = 0; a < dim; a++) {
            for (int b = 0; b < dim; b++) {
              sumR[a][b] += w * pr[a][b];
              sumI[a][b] += w * pi[a][b];
            }
          }
        }
        rr = sumR;
        ri = sumI;
        i = end + 1;
      }
      return readout(rr, ri, phaseRe, phaseIm, scale);
    }

    /** One step in place; {@code pos} = slice position of a slice-selective shaped pulse. */
    private void apply(
        Sequence.Step step,
        double[][] rr,
        double[][] ri,
        Map<Object, double[][][]> rotations,
        int pos) {
      if (step instanceof Sequence.Delay d) {
        evolve(rr, ri, d.seconds());
      } else if (step instanceof Sequence.Rf rf) {
        double[][][] rot;
        if (rf.pulse() instanceof ShapedPulse sp) {
          // the propagator does not depend on the axis: share it between axes
          ShapedPulse key = sp.slice() == null ? sp : sp.withSlice(sp.slice().withAxis(0));
          double offset = sp.slice() == null ? 0 : sp.slice().offsetHz(pos);
          rot = rotations.computeIfAbsent(List.of(key, pos), k -> shapedRotation(sp, offset));
        } else {
          rot = rotations.computeIfAbsent(rf.pulse(), p -> rotation((IdealPulse) p));
        }
        rotate(rr, ri, rot[0], rot[1]);
        if (rf.select()) {
          int keep = 2 * rf.coherenceOrder();
          for (int a = 0; a < dim; a++) {
            for (int b = 0; b < dim; b++) {
              if (twoM[a] - twoM[b] != keep) {
                rr[a][b] = 0;
                ri[a][b] = 0;
              }
            }
          }
        }
      }
    }

    private double[][] copy(double[][] m) {
      double[][] out = new double[dim][];
      for (int a = 0; a < dim; a++) {
        out[a] = m[a].clone();
      }
      return out;
    }

    /** Vᵀ U V for the shaped pulse's product-basis propagator at slice offset {@code offsetHz}. */
    private double[][][] shapedRotation(ShapedPulse pulse, double offsetHz) {
      if (shaped == null) {
        shaped = new ShapedPulsePropagator(system, f0);
      }
      double[][][] u = shaped.propagator(pulse, offsetHz, f0);
      double[][] tr = multiplyTransposedLeft(v, u[0]);
      double[][] ti = multiplyTransposedLeft(v, u[1]);
      return new double[][][] {multiply(tr, v), multiply(ti, v)};
    }

    private void evolve(double[][] rr, double[][] ri, double t) {
      if (t == 0) {
        return;
      }
      for (int a = 0; a < dim; a++) {
        for (int b = 0; b < dim; b++) {
          double x = rr[a][b];
          double y = ri[a][b];
          if (x == 0 && y == 0) {
            continue;
          }
          double w = -2 * Math.PI * (energy[a] - energy[b]) * t;
          double c = Math.cos(w);
          double s = Math.sin(w);
          rr[a][b] = x * c - y * s;
          ri[a][b] = x * s + y * c;
        }
      }
    }

    /** Vᵀ R V for the pulse's product-basis propagator R. */
    private double[][][] rotation(IdealPulse p) {
      double half = Math.toRadians(p.flipAngleDeg()) / 2;
      double phi = Math.toRadians(p.phaseDeg());
      double c = Math.cos(half);
      double s = Math.sin(half);
      // single-spin u (index 0 = up): [[c, −i s e^{−iφ}], [−i s e^{iφ}, c]]
      double[][] ure = {{c, -s * Math.sin(phi)}, {s * Math.sin(phi), c}};
      double[][] uim = {{0, -s * Math.cos(phi)}, {-s * Math.cos(phi), 0}};
      double[][] pr = new double[dim][dim];
      double[][] pi = new double[dim][dim];
      for (int x = 0; x < dim; x++) {
        for (int y = 0; y < dim; y++) {
          double zr = 1;
          double zi = 0;
          for (int i = 0; i < n && (zr != 0 || zi != 0); i++) {
            int bx = (x >> i) & 1;
            int by = (y >> i) & 1;
            double er;
            double ei;
            if (proton[i]) {
              er = ure[bx][by];
              ei = uim[bx][by];
            } else {
              er = bx == by ? 1 : 0;
              ei = 0;
            }
            double nr = zr * er - zi * ei;
            zi = zr * ei + zi * er;
            zr = nr;
          }
          pr[x][y] = zr;
          pi[x][y] = zi;
        }
      }
      // Vᵀ P V with V real
      double[][] tr = multiplyTransposedLeft(v, pr);
      double[][] ti = multiplyTransposedLeft(v, pi);
      return new double[][][] {multiply(tr, v), multiply(ti, v)};
    }

    /** ρ ← R ρ R†. */
    private void rotate(double[][] rr, double[][] ri, double[][] ar, double[][] ai) {
      double[][] tr = new double[dim][dim];
      double[][] ti = new double[dim][dim];
      // T = R ρ
      for (int a = 0; a < dim; a++) {
        for (int k = 0; k < dim; k++) {
          double xr = ar[a][k];
          double xi = ai[a][k];
          if (xr == 0 && xi == 0) {
            continue;
          }
          double[] pr = rr[k];
          double[] pi = ri[k];
          double[] or = tr[a];
          double[] oi = ti[a];
          for (int b = 0; b < dim; b++) {
            or[b] += xr * pr[b] - xi * pi[b];
            oi[b] += xr * pi[b] + xi * pr[b];
          }
        }
      }
      // ρ = T R†, (R†)_kb = conj(R_bk)
      for (int a = 0; a < dim; a++) {
        double[] xr = tr[a];
        double[] xi = ti[a];
        double[] or = rr[a];
        double[] oi = ri[a];
        for (int b = 0; b < dim; b++) {
          double[] br = ar[b];
          double[] bi = ai[b];
          double sr = 0;
          double si = 0;
          for (int k = 0; k < dim; k++) {
            // T_ak · conj(R_bk)
            sr += xr[k] * br[k] + xi[k] * bi[k];
            si += xi[k] * br[k] - xr[k] * bi[k];
          }
          or[b] = sr;
          oi[b] = si;
        }
      }
    }

    private Lines readout(double[][] rr, double[][] ri, double phRe, double phIm, double scale) {
      // P = Vᵀ F_+ V (real); (F_+)_st = 1 if t = s with one proton flipped up→down.
      double[][] fpV = new double[dim][dim];
      for (int s = 0; s < dim; s++) {
        for (int i = 0; i < n; i++) {
          if (proton[i] && ((s >> i) & 1) == 0) {
            int t = s | (1 << i);
            for (int c = 0; c < dim; c++) {
              fpV[s][c] += v[t][c];
            }
          }
        }
      }
      double[][] p = multiplyTransposedLeft(v, fpV);
      double norm = 4.0 / dim * scale;
      double[] freq = new double[dim * dim];
      double[] are = new double[dim * dim];
      double[] aim = new double[dim * dim];
      int count = 0;
      for (int a = 0; a < dim; a++) {
        for (int b = 0; b < dim; b++) {
          if (twoM[a] - twoM[b] != -2) {
            continue;
          }
          double pba = p[b][a];
          double xr = rr[a][b] * pba * norm;
          double xi = ri[a][b] * pba * norm;
          if (Math.hypot(xr, xi) > MIN_AMPLITUDE * norm) {
            freq[count] = energy[b] - energy[a];
            are[count] = xr * phRe - xi * phIm;
            aim[count] = xr * phIm + xi * phRe;
            count++;
          }
        }
      }
      return merge(
          Arrays.copyOf(freq, count), Arrays.copyOf(are, count), Arrays.copyOf(aim, count));
    }

    /** Vᵀ M. */
    private double[][] multiplyTransposedLeft(double[][] vm, double[][] m) {
      double[][] out = new double[dim][dim];
      for (int k = 0; k < dim; k++) {
        double[] vk = vm[k];
        double[] mk = m[k];
        for (int a = 0; a < dim; a++) {
          double f = vk[a];
          if (f == 0) {
            continue;
          }
          double[] oa = out[a];
          for (int c = 0; c < dim; c++) {
            oa[c] += f * mk[c];
          }
        }
      }
      return out;
    }

    /** A B. */
    private double[][] multiply(double[][] x, double[][] y) {
      double[][] out = new double[dim][dim];
      for (int a = 0; a < dim; a++) {
        double[] oa = out[a];
        for (int k = 0; k < dim; k++) {
          double f = x[a][k];
          if (f == 0) {
            continue;
          }
          double[] yk = y[k];
          for (int c = 0; c < dim; c++) {
            oa[c] += f * yk[c];
          }
        }
      }
      return out;
    }
  }

  /** Sorts by frequency, merges lines closer than 1 mHz and drops vanishing ones. */
  static Lines merge(double[] freq, double[] re, double[] im) {
    Integer[] order = new Integer[freq.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(freq[a], freq[b]));
    double[] f = new double[freq.length];
    double[] r = new double[freq.length];
    double[] q = new double[freq.length];
    int m = -1;
    for (int idx : order) {
      if (m >= 0 && Math.abs(freq[idx] - f[m]) < 1e-3) {
        r[m] += re[idx];
        q[m] += im[idx];
      } else {
        m++;
        f[m] = freq[idx];
        r[m] = re[idx];
        q[m] = im[idx];
      }
    }
    int size = 0;
    for (int k = 0; k <= m; k++) {
      if (Math.hypot(r[k], q[k]) > MIN_AMPLITUDE) {
        f[size] = f[k];
        r[size] = r[k];
        q[size] = q[k];
        size++;
      }
    }
    return new Lines(Arrays.copyOf(f, size), Arrays.copyOf(r, size), Arrays.copyOf(q, size));
  }
}
