/**
 * fmrs: distributed analytics for functional MR spectroscopy. This module is the Spark-free domain
 * library; its packages are named in the MRS vocabulary ({@code fid}, {@code ppm}, {@code basis},
 * {@code fit}, {@code cohort}, {@code response}, {@code stats}).
 */
package org.fmrs;
