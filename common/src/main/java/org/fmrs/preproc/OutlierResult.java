package org.fmrs.preproc;

import java.util.Map;

/**
 * What {@link OutlierRejection} did.
 *
 * @param kept input indices of the kept transients, ascending
 * @param rejected reason per rejected input index (ascending keys), e.g. {@code "residual z=7.41 >
 *     3.00"}
 * @param residual residual energy per transient (sum of |spectrum − median spectrum|² over the
 *     window)
 * @param zScore robust z-score per transient: (residual − median) / (1.4826 · MAD)
 */
public record OutlierResult(
    int[] kept, Map<Integer, String> rejected, double[] residual, double[] zScore) {}
