/**
 * Basis sets for spectral fitting: an immutable {@link org.fmrs.basis.Basis} of FIDs and the
 * built-in metabolite basis simulated exactly (strong coupling, full spin Hamiltonian per spin
 * group) for an ideal pulse–acquire experiment by {@link org.fmrs.basis.PulseAcquireSimulator} from
 * {@link org.fmrs.basis.SpinSystem} definitions (Govindaraju et al. 2000).
 *
 * <p>Amplitude convention: each proton contributes 1 to the real FID at t = 0; no intrinsic
 * damping. Sequence-specific simulation (PRESS/STEAM/sLASER) and LCModel {@code .BASIS} I/O are
 * planned extensions that produce the same {@link org.fmrs.basis.Lines}/{@link
 * org.fmrs.basis.Basis} types.
 */
package org.fmrs.basis;
