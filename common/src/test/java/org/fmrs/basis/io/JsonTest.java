package org.fmrs.basis.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fmrs.error.InvalidInputException;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void parsesEveryKindOfValue() {
    Object v =
        Json.parse(
            " {\"a\": [1, -0.5, 2e3, 1E-2, 0, -0, 12.5e+1], \"b\": {\"c\": null, \"d\": true,"
                + " \"e\": false}, \"s\": \"q\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\","
                + " \"empty\": {}, \"none\": [], \"a\": \"last wins\"}\n");
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) v;
    assertThat(m.keySet()).containsExactly("a", "b", "s", "empty", "none");
    assertThat(m.get("a")).isEqualTo("last wins");
    @SuppressWarnings("unchecked")
    Map<String, Object> b = (Map<String, Object>) m.get("b");
    assertThat(b).containsEntry("c", null).containsEntry("d", true).containsEntry("e", false);
    assertThat(m.get("s")).isEqualTo("q\"\\/\b\f\n\r\té\uD83D\uDE00");
    assertThat(m.get("empty")).isEqualTo(Map.of());
    assertThat(m.get("none")).isEqualTo(List.of());
    assertThat(Json.parse("[1, -0.5, 2e3, 1E-2, 0, 12.5e+1]"))
        .isEqualTo(List.of(1.0, -0.5, 2000.0, 0.01, 0.0, 125.0));
    assertThat(Json.parse("\"x\"")).isEqualTo("x");
    assertThat(Json.parse("null")).isNull();
  }

  @Test
  void rejectsWhatRfc8259Rejects() {
    for (String bad :
        new String[] {
          "",
          "[1,]",
          "{\"a\":1,}",
          "[01]",
          "[1.]",
          "[.5]",
          "[+1]",
          "[1e]",
          "NaN",
          "[Infinity]",
          "{a:1}",
          "{'a':1}",
          "\"tab\tin string\"",
          "\"\\x\"",
          "\"\\u12g4\"",
          "[1] 2",
          "[1",
          "{\"a\" 1}",
          "tru",
          "\"open",
          "[-]",
          "{\"a\":}",
          "[1e400]",
          "[-1e999]"
        }) {
      assertThatThrownBy(() -> Json.parse(bad))
          .as(bad)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("malformed JSON");
    }
    String deep = "[".repeat(600) + "]".repeat(600);
    assertThatThrownBy(() -> Json.parse(deep)).hasMessageContaining("nesting deeper");
  }

  @Test
  void writesWhatItReads() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("re", new double[] {0.1, -2.5e-300, 1e22, 3, -0.0, Math.PI});
    m.put("name", "N\"A\\A\n\u0001é");
    m.put("nothing", null);
    m.put("flag", true);
    m.put("list", List.of(1.0, "x", Map.of("k", List.of())));
    m.put("count", 7);
    String text = Json.write(m);
    @SuppressWarnings("unchecked")
    Map<String, Object> back = (Map<String, Object>) Json.parse(text);
    assertThat(back.get("re")).isEqualTo(Arrays.asList(0.1, -2.5e-300, 1e22, 3.0, -0.0, Math.PI));
    assertThat(back.get("name")).isEqualTo("N\"A\\A\n\u0001é");
    assertThat(back).containsEntry("nothing", null).containsEntry("flag", true);
    assertThat(back.get("list")).isEqualTo(List.of(1.0, "x", Map.of("k", List.of())));
    assertThat(back.get("count")).isEqualTo(7.0);
    assertThatThrownBy(() -> Json.write(List.of(Double.NaN)))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Json.write(new double[] {Double.POSITIVE_INFINITY}))
        .isInstanceOf(InvalidInputException.class);
  }
}
