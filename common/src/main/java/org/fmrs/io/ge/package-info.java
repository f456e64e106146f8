/**
 * GE P-files (raw {@code Pnnnnn.7} spectroscopy data): see {@link org.fmrs.io.ge.PfileReader} for
 * the supported header revisions and the layout used.
 */
package org.fmrs.io.ge;
