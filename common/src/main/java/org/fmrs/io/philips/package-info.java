/**
 * Philips SDAT/SPAR: a text parameter file ({@code key : value} lines, {@code !} comments) and a
 * binary file of VAX F-floating complex values ({@code samples × rows}). SDAT stores the fmrs
 * convention (checked on the Osprey, spant and TARQUIN example data: NAA at 2.0 ppm without
 * conjugation), so no conjugation is applied.
 */
package org.fmrs.io.philips;
