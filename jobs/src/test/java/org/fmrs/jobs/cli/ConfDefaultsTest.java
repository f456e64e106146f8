package org.fmrs.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fmrs.cohort.CohortOptions;
import org.fmrs.fit.FitOptions;
import org.fmrs.jobs.effects.EffectsOptions;
import org.fmrs.jobs.preprocess.PreprocessOptions;
import org.junit.jupiter.api.Test;

/**
 * The shipped {@code conf/fmrs.properties} lists every option commented out with its built-in
 * default: each listed value must be the default the code uses, and every option must be listed.
 */
class ConfDefaultsTest {
  private static final Pattern ENTRY =
      Pattern.compile("^#\\s*(simulate|fit|preprocess|effects)\\.([a-z0-9-]+)=(.*)$");

  @Test
  void shippedConfListsTheBuiltInDefaults() throws Exception {
    Map<String, String> listed = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of("..", "conf", "fmrs.properties"))) {
      Matcher m = ENTRY.matcher(line.strip());
      if (m.matches()) {
        listed.put(m.group(1) + "." + m.group(2), m.group(3).strip());
      }
    }
    Map<String, String> defaults = new LinkedHashMap<>();
    CohortOptions.defaults().toMap().forEach((k, v) -> defaults.put("simulate." + k, v.toString()));
    FitOptions.defaults().toMap().forEach((k, v) -> defaults.put("fit." + k, v));
    Layered.putWater(defaults, Layered.water(Map.of(), null, null, null));
    defaults.put("fit.preset", "default");
    defaults.putAll(PreprocessOptions.defaults().toMap());
    EffectsOptions.defaults().toMap().forEach((k, v) -> defaults.put("effects." + k, v));

    assertThat(listed.keySet())
        .as("options listed in conf/ that the code does not know")
        .isSubsetOf(defaults.keySet());
    for (Map.Entry<String, String> e : listed.entrySet()) {
      assertThat(same(e.getValue(), defaults.get(e.getKey())))
          .as(
              e.getKey()
                  + ": conf lists "
                  + e.getValue()
                  + ", default is "
                  + defaults.get(e.getKey()))
          .isTrue();
    }
    for (String section : new String[] {"simulate.", "fit.", "preprocess."}) {
      assertThat(listed.keySet())
          .as("every " + section + "* option is listed")
          .containsAll(defaults.keySet().stream().filter(k -> k.startsWith(section)).toList());
    }
  }

  private static boolean same(String a, String b) {
    if (a.equalsIgnoreCase(b)) {
      return true;
    }
    try {
      return Double.compare(Double.parseDouble(a), Double.parseDouble(b)) == 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
