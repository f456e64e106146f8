/**
 * The chemical-shift axis: conversions between spectrum index, frequency offset in Hz and ppm, with
 * the receiver referenced to water at 4.65 ppm.
 */
package org.fmrs.ppm;
