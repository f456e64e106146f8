/**
 * Siemens RDA export: a text header between {@code >>> Begin of header <<<} and {@code >>> End of
 * header <<<} ({@code key: value} lines), then little-endian float64 real/imaginary pairs. RDA
 * stores the complex conjugate of the fmrs convention (checked on the TARQUIN phantom: without
 * conjugation NAA lands at 7.46 ppm, with it at 1.84 ppm together with the same room-temperature
 * shift as the Philips phantom), so the reader conjugates.
 */
package org.fmrs.io.siemens;
