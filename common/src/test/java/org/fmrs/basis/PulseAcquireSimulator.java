package org.fmrs.basis;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.fmrs.ppm.PpmAxis;

/**
 * Exact quantum-mechanical simulation of an ideal pulse–acquire experiment for one {@link
 * SpinSystem}.
 *
 * <p>Method: the static Hamiltonian (in Hz) {@code H = Σ_i ν_i I_zi + Σ_{i<k} J_ik I_i·I_k} (strong
 * coupling between protons; {@code J_ik I_zi S_zk} for a heteronucleus) is built in the Zeeman
 * product basis and diagonalised ({@code H = V E Vᵀ}, real symmetric). An ideal 90° pulse turns
 * equilibrium into {@code ρ(0) = F_x} (protons only). The detected signal is {@code s(t) = Tr[ρ(t)
 * F_+]}, which in the eigenbasis is a sum of lines with amplitude {@code (VᵀF_xV)_ab (VᵀF_+V)_ba}
 * at frequency {@code E_b − E_a}. With {@code ν_i = (δ_i − 4.65)·f0·1e-6} this reproduces the fmrs
 * sign convention ({@link PpmAxis}). Amplitudes are scaled by {@code 4/dim} (dim = 2^spins) so that
 * every proton contributes 1 to the real FID at t = 0.
 *
 * <p>Test-only: the independent reference (direct eigen-decomposition of the whole Hamiltonian, no
 * coherence bookkeeping) against which {@link DensityMatrixSimulator} with {@link
 * Sequence#pulseAcquire()} — the engine of {@link Basis#builtIn} — is checked.
 */
final class PulseAcquireSimulator {
  private static final double MIN_AMPLITUDE = 1e-9;

  private PulseAcquireSimulator() {}

  /** Stick spectrum of {@code system} at spectrometer frequency {@code centralFrequencyHz}. */
  static Lines simulate(SpinSystem system, double centralFrequencyHz) {
    int n = system.shiftsPpm().length;
    int dim = 1 << n;
    double[] nu = new double[n];
    for (int i = 0; i < n; i++) {
      nu[i] = system.proton()[i] ? PpmAxis.ppmToHz(system.shiftsPpm()[i], centralFrequencyHz) : 0;
    }
    double[][] j = system.couplingsHz();
    boolean[] proton = system.proton();
    double[][] h = new double[dim][dim];
    for (int s = 0; s < dim; s++) {
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
            h[t][s] += 0.5 * j[i][k];
          }
        }
      }
      h[s][s] = diag;
    }
    double[] energies;
    double[][] v;
    if (dim == 2 || isDiagonal(h)) {
      energies = new double[dim];
      v = new double[dim][dim];
      for (int s = 0; s < dim; s++) {
        energies[s] = h[s][s];
        v[s][s] = 1;
      }
    } else {
      EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(h, false));
      energies = eig.getRealEigenvalues();
      RealMatrix vm = eig.getV();
      v = vm.getData();
    }
    // Fx and F+ in the product basis (sparse), then transformed: X = Vᵀ Fx V, P = Vᵀ F+ V.
    double[][] fxV = new double[dim][dim]; // Fx·V
    double[][] fpV = new double[dim][dim]; // F+·V
    for (int s = 0; s < dim; s++) {
      for (int i = 0; i < n; i++) {
        if (!proton[i]) {
          continue;
        }
        int t = s ^ (1 << i);
        boolean sUp = ((s >> i) & 1) == 0;
        // <s|Ix|t> = 1/2 ; <s|I+|t> = 1 if s has spin i up and t down
        for (int c = 0; c < dim; c++) {
          fxV[s][c] += 0.5 * v[t][c];
          if (sUp) {
            fpV[s][c] += v[t][c];
          }
        }
      }
    }
    double[][] x = multiplyTransposed(v, fxV, dim);
    double[][] p = multiplyTransposed(v, fpV, dim);
    double[] freq = new double[dim * dim];
    double[] amp = new double[dim * dim];
    // Tr[Ix·I+] = 2^(n-1)/2 per proton in the full space: 4/dim makes each proton contribute 1.
    double norm = 4.0 / dim * system.scale();
    int count = 0;
    for (int a = 0; a < dim; a++) {
      for (int b = 0; b < dim; b++) {
        double aAmp = x[a][b] * p[b][a];
        if (Math.abs(aAmp) > MIN_AMPLITUDE) {
          freq[count] = energies[b] - energies[a];
          amp[count] = norm * aAmp;
          count++;
        }
      }
    }
    return merge(Arrays.copyOf(freq, count), Arrays.copyOf(amp, count));
  }

  private static boolean isDiagonal(double[][] h) {
    for (int a = 0; a < h.length; a++) {
      for (int b = 0; b < h.length; b++) {
        if (a != b && h[a][b] != 0) {
          return false;
        }
      }
    }
    return true;
  }

  /** Vᵀ·M for square matrices. */
  private static double[][] multiplyTransposed(double[][] v, double[][] m, int dim) {
    double[][] out = new double[dim][dim];
    for (int k = 0; k < dim; k++) {
      double[] vk = v[k];
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

  /** Sorts by frequency and merges lines closer than 1 mHz. */
  private static Lines merge(double[] freq, double[] amp) {
    Integer[] order = new Integer[freq.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(freq[a], freq[b]));
    double[] f = new double[freq.length];
    double[] a = new double[freq.length];
    int m = -1;
    for (int idx : order) {
      if (m >= 0 && Math.abs(freq[idx] - f[m]) < 1e-3) {
        a[m] += amp[idx];
      } else {
        m++;
        f[m] = freq[idx];
        a[m] = amp[idx];
      }
    }
    int size = m + 1;
    return new Lines(Arrays.copyOf(f, size), Arrays.copyOf(a, size), new double[size]);
  }
}
