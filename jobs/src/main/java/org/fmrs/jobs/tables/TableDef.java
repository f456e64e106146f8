package org.fmrs.jobs.tables;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One warehouse table: its folder name, documented schema, partition columns and the columns a
 * reader requires. The single definition from which {@code docs/schema.md} is generated.
 *
 * @param name folder name under the warehouse root
 * @param description what one row is
 * @param schema columns with types and comments (units are in the names)
 * @param partitionBy partition columns (Hive-style {@code col=value} folders)
 * @param required columns a reader of this table needs
 */
public record TableDef(
    String name,
    String description,
    StructType schema,
    List<String> partitionBy,
    List<String> required) {

  /** Starts a definition. */
  public static Builder builder(String name, String description) {
    return new Builder(name, description);
  }

  /** Column names in schema order. */
  public List<String> columns() {
    return List.of(schema.fieldNames());
  }

  /** Index of a column, throwing if absent (a programming error). */
  public int index(String column) {
    return schema.fieldIndex(column);
  }

  /** Fluent builder; every column carries its documentation. */
  public static final class Builder {
    private final String name;
    private final String description;
    private final List<StructField> fields = new ArrayList<>();
    private final List<String> required = new ArrayList<>();
    private List<String> partitionBy = List.of();

    private Builder(String name, String description) {
      this.name = name;
      this.description = description;
    }

    /** A column readers require; {@code nullable} says whether null values are allowed. */
    public Builder required(String column, DataType type, boolean nullable, String doc) {
      required.add(column);
      return optional(column, type, nullable, doc);
    }

    /** A column readers tolerate being absent. */
    public Builder optional(String column, DataType type, boolean nullable, String doc) {
      fields.add(new StructField(column, type, nullable, Metadata.empty()).withComment(doc));
      return this;
    }

    public Builder partitionBy(String... columns) {
      partitionBy = List.of(columns);
      return this;
    }

    public TableDef build() {
      return new TableDef(
          name,
          description,
          new StructType(fields.toArray(new StructField[0])),
          partitionBy,
          List.copyOf(required));
    }
  }
}
