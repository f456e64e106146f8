package org.fmrs.preproc;

import org.fmrs.fid.Fid;

/**
 * What {@link CoilCombination#combine} did.
 *
 * @param combined the combined FID
 * @param weights the weights used and their provenance
 */
public record CoilCombinationResult(Fid combined, CoilWeights weights) {}
