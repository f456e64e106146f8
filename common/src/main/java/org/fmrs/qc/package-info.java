/**
 * Quality-control measures of spectra. {@link org.fmrs.qc.Snr} holds the single SNR definition (NAA
 * peak height over detrended real noise SD) shared by synthesis and fitting.
 */
package org.fmrs.qc;
