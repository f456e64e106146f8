/**
 * JMH micro-benchmarks of the Spark-free numerics in {@code fmrs-common}: one spectrum fit ({@link
 * org.fmrs.fit.SpectrumFitter}) with the default and the automatic P-spline baseline, the
 * Lawson–Hanson NNLS step ({@link org.fmrs.fit.Nnls}) and the FFT ({@link org.fmrs.fid.Fft}). Run
 * with {@code java -jar bench/target/benchmarks.jar}; results go into {@code docs/benchmarks.md}.
 */
package org.fmrs.bench;
