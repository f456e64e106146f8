package org.fmrs.jobs.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SchemaDocTest {
  @Test
  void docsSchemaIsGeneratedFromTheTableDefinitions() throws Exception {
    Path doc = Path.of("..", "docs", "schema.md");
    assertThat(doc).exists();
    assertThat(Files.readString(doc))
        .as("docs/schema.md is stale: regenerate with `bin/fmrs schema > docs/schema.md`")
        .isEqualTo(Tables.markdown());
  }

  @Test
  void everyColumnIsDocumentedWithAUnitOrMeaning() {
    for (TableDef t : Tables.ALL) {
      for (var f : t.schema().fields()) {
        assertThat(f.getComment().isDefined()).as(t.name() + "." + f.name()).isTrue();
        assertThat(f.getComment().get()).as(t.name() + "." + f.name()).isNotBlank();
      }
      assertThat(t.columns()).containsAll(t.required()).containsAll(t.partitionBy());
    }
  }
}
