/**
 * The fmrs exception family: one unchecked root ({@link org.fmrs.error.FmrsException}) that carries
 * a reason code and the offending values, with narrow subclasses for invalid input data and invalid
 * options.
 */
package org.fmrs.error;
