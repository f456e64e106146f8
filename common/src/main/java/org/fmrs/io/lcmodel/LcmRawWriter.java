package org.fmrs.io.lcmodel;

import java.util.Locale;
import org.fmrs.fid.Fid;

/**
 * Writes one FID as an LCModel {@code .RAW} text: {@code $SEQPAR} (HZPPPM, ECHOT when known, SEQ),
 * {@code $NMID} (ID, {@code FMTDAT='(2E15.6)'}, TRAMP=1, VOLUME=1), then one {@code re im} pair per
 * line in exactly that Fortran format, conjugated to the LCModel convention. The dwell time and
 * point count are not part of the format (LCModel takes DELTAT and NUNFIL from its control file).
 */
public final class LcmRawWriter {
  private LcmRawWriter() {}

  /**
   * The file text.
   *
   * @param fid data in the fmrs convention
   * @param echoTimeS echo time in seconds, or {@code NaN} to omit it
   * @param sequence sequence name for {@code SEQ}, or empty to omit it
   * @param id value of {@code ID} (must not contain a quote)
   */
  public static String toText(Fid fid, double echoTimeS, String sequence, String id) {
    StringBuilder sb = new StringBuilder();
    sb.append(" $SEQPAR\n");
    sb.append(String.format(Locale.ROOT, " HZPPPM=%.6f%n", fid.centralFrequencyHz() / 1e6));
    if (Double.isFinite(echoTimeS)) {
      sb.append(String.format(Locale.ROOT, " ECHOT=%.3f%n", echoTimeS * 1e3));
    }
    if (sequence != null && !sequence.isBlank()) {
      sb.append(" SEQ='").append(sequence.replace("'", "")).append("'\n");
    }
    sb.append(" $END\n");
    sb.append(" $NMID\n");
    sb.append(" ID='")
        .append(id == null ? "fmrs" : id.replace("'", ""))
        .append("', FMTDAT='(2E15.6)'\n");
    sb.append(" TRAMP=1.0, VOLUME=1.0\n");
    sb.append(" $END\n");
    double[] re = fid.re();
    double[] im = fid.im();
    for (int i = 0; i < re.length; i++) {
      sb.append(fortranE(re[i])).append(fortranE(-im[i])).append('\n');
    }
    return sb.toString();
  }

  /** Fortran E15.6: {@code -0.123456E+01} style (leading zero, 6 significant digits). */
  static String fortranE(double v) {
    if (v == 0) {
      return String.format(Locale.ROOT, "%15s", "0.000000E+00");
    }
    int exp = (int) Math.floor(Math.log10(Math.abs(v))) + 1;
    double mant = v / Math.pow(10, exp);
    String m = String.format(Locale.ROOT, "%.6f", mant);
    if (m.startsWith("1.") || m.startsWith("-1.")) { // rounding reached 1.000000
      exp += 1;
      mant = v / Math.pow(10, exp);
      m = String.format(Locale.ROOT, "%.6f", mant);
    }
    String e = String.format(Locale.ROOT, "E%s%02d", exp < 0 ? "-" : "+", Math.abs(exp));
    return String.format(Locale.ROOT, "%15s", m + e);
  }
}
