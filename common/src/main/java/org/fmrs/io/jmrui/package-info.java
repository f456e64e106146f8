/**
 * jMRUI text export ({@code jMRUI Data Textfile}): {@code Key: value} header lines ({@code
 * PointsInDataset}, {@code SamplingInterval} in ms, {@code TransmitterFrequency} in Hz, {@code
 * DatasetsInFile}), then per dataset a {@code Signal i out of N} line and rows of {@code sig(real)
 * sig(imag) [fft(real) fft(imag)]}. The signal columns are in the fmrs convention (checked on the
 * spec2nii 2020 test data: they are the conjugate of the same spectrum's LCModel {@code .RAW}, and
 * NAA lands at 2.0 ppm), so no conjugation is applied.
 */
package org.fmrs.io.jmrui;
