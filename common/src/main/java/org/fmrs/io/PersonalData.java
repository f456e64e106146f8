package org.fmrs.io;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Classifies header fields as personal data and strips them.
 *
 * <p>A field is personal when its name, lower-cased with non-alphanumerics removed, names the
 * subject or operator (patient, birth, DoB, subject, sex, age, weight, physician, operator,
 * referring), an identifier (ends in {@code id}, {@code uid}, accession, serial numbers), a site
 * (institution, address, station, site), a date or a clock time of day (study/series/scan dates,
 * acquisition and conversion times — but not echo, repetition, dwell or mixing times), a file name,
 * or free text (names other than sequence/model/coil names, descriptions, comments, titles, IDs,
 * protocol and examination names, additional info). This is a conservative deny-list: unknown
 * numeric acquisition fields are kept. {@link ReadOptions#keepPersonalFields()} overrides it per
 * field.
 */
public final class PersonalData {
  private static final Pattern PERSONAL =
      Pattern.compile(
          "patient|birth|dob|subject|physician|operator|referring|performing|requesting|"
              + "accession|serialnumber|institution|address|station|^site$|^sex$|^age$|weight|"
              + "date|filename|originalfile|description|comment|title|protocol|examination|"
              + "additionalinfo|^info$|studytime|seriestime|instancetime|contenttime|"
              + "acquisitiontime|conversiontime|timeacquired|scantime|^scanid$|^time$|"
              + "conversionmethod|^studynumber$|^seriesnumber$|^examnumber$|^headername$");

  private static final Set<String> SAFE_NAMES =
      Set.of(
          "sequencename",
          "modelname",
          "manufacturersmodelname",
          "coilname",
          "psdname",
          "nucleusname",
          "resonantnucleus");

  private PersonalData() {}

  /** Lower-cased key without separators, as used for the classification. */
  static String normalise(String key) {
    return key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  /** True when the field named {@code key} is classed as personal data. */
  public static boolean isPersonal(String key) {
    String k = normalise(key);
    if (SAFE_NAMES.contains(k)) {
      return false;
    }
    if (PERSONAL.matcher(k).find()) {
      return true;
    }
    if (k.endsWith("name") || k.equals("id") || k.endsWith("uid") || k.endsWith("id")) {
      return true;
    }
    return false;
  }

  /**
   * The fields of {@code header} that are not personal, or whose name (case-insensitive) is in
   * {@code keep}, in the original order.
   */
  public static Map<String, String> filter(Map<String, String> header, Set<String> keep) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : header.entrySet()) {
      String key = e.getKey();
      if (!isPersonal(key) || keep.contains(key.toLowerCase(Locale.ROOT))) {
        out.put(key, e.getValue());
      }
    }
    return out;
  }
}
