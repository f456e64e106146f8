/**
 * Free induction decays and their transforms: the {@link org.fmrs.fid.Fid} value type and the
 * single-threaded FFT used everywhere in fmrs.
 */
package org.fmrs.fid;
