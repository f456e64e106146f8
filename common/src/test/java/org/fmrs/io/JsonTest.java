package org.fmrs.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.fmrs.error.InvalidInputException;
import org.fmrs.io.json.Json;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void parsesAndWritesBack() {
    String text =
        "{\"a\": [1, -2.5e-3, \"x\\\"y\\u00e9\"], \"b\": {\"c\": true, \"d\": null}, \"e\": false}";
    Map<String, Object> m = Json.parseObject(text);
    assertThat(m).containsOnlyKeys("a", "b", "e");
    List<?> a = (List<?>) m.get("a");
    assertThat(((Json.Num) a.get(1)).doubleValue()).isEqualTo(-2.5e-3);
    assertThat(a.get(2)).isEqualTo("x\"y\u00e9");
    assertThat(Json.parse(Json.write(m))).isEqualTo(m);
  }

  @Test
  void rejectsMalformedText() {
    for (String bad :
        List.of("{", "{\"a\" 1}", "[1,]", "01", "\"abc", "{\"a\":1} x", "tru", "1.")) {
      assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(InvalidInputException.class);
    }
  }

  @Test
  void limitsNesting() {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    assertThatThrownBy(() -> Json.parse(deep)).hasMessageContaining("nesting");
  }
}
