package org.fmrs.io.ge;

import static org.fmrs.io.IoSupport.bad;

import org.fmrs.io.MrsData;
import org.fmrs.io.ReadOptions;

/** GE P-file reader (not yet implemented: recognises the file and reports it as unsupported). */
public final class PfileReader {
  private PfileReader() {}

  /** True for a name like {@code P12345.7}. */
  public static boolean sniff(String name, byte[] content) {
    return name.matches("(?i).*P\\d+.*\\.7") && content.length > 4;
  }

  /** Not yet supported. */
  public static MrsData read(String name, byte[] content, ReadOptions options) {
    throw bad(name, "GE P-files are not supported yet", "field", "rdbm_rev");
  }
}
