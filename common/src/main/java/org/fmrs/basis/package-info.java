/**
 * Basis sets for spectral fitting: an immutable {@link org.fmrs.basis.Basis} of FIDs and the
 * built-in metabolite basis simulated exactly (strong coupling, full spin Hamiltonian per spin
 * group) by the density-matrix simulator {@link org.fmrs.basis.DensityMatrixSimulator} for an ideal
 * pulse–acquire experiment or a localisation {@link org.fmrs.basis.Sequence} (spin echo, PRESS,
 * STEAM, sLASER; ideal pulses).
 *
 * <p>Spin systems ({@link org.fmrs.basis.SpinSystem}) come from the spin-system library, the
 * resource {@code org/fmrs/basis/spin-systems.json} (Govindaraju et al. 2000 and its 2015
 * corrigendum; schema in {@code docs/spin-systems.md}).
 *
 * <p>Amplitude convention: each proton contributes 1 to the real FID at t = 0; no intrinsic
 * damping. LCModel {@code .BASIS} and FSL-MRS basis I/O live in {@code org.fmrs.basis.io}.
 */
package org.fmrs.basis;
