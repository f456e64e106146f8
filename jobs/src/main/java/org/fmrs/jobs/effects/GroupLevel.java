package org.fmrs.jobs.effects;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.fmrs.error.InvalidInputException;
import org.fmrs.stats.DesignEncoder;
import org.fmrs.stats.Formula;
import org.fmrs.stats.GroupSums;
import org.fmrs.stats.LinearMixedModel;
import org.fmrs.stats.LmmOptions;
import org.fmrs.stats.LmmResult;
import org.fmrs.stats.TidyTable;
import scala.Tuple2;

/**
 * Fits a mixed model on a Spark table.
 *
 * <p>With a single random intercept ({@code (1 | participant)}) the (RE)ML likelihood depends on
 * the data only through per-group sums (n, X'1, y'1, X'X, X'y, y'y). The factor levels are
 * collected first (a small distinct), every row is encoded on the executors by a broadcast {@link
 * DesignEncoder}, the sums are merged per group with {@code aggregateByKey}, and only the per-group
 * sums reach the driver: O(groups × p²) memory, whatever the number of rows. Other random
 * structures (nested site/participant, several terms) collect the model's columns and fit the rows.
 */
public final class GroupLevel {
  private GroupLevel() {}

  /**
   * The fit and how it was computed.
   *
   * @param profile computes the profile-likelihood intervals (lme4 {@code confint(method =
   *     "profile")}) on the driver from the same sums or rows, on demand
   */
  public record Fit(
      LmmResult result,
      boolean fromSums,
      long droppedRows,
      java.util.function.Supplier<List<org.fmrs.stats.ProfileInterval>> profile) {}

  public static Fit fit(Dataset<Row> data, String formulaText, LmmOptions options) {
    Formula formula = Formula.parse(formulaText);
    List<String> vars = formula.variables();
    List<String> missing = new ArrayList<>();
    for (String v : vars) {
      if (!List.of(data.columns()).contains(v)) {
        missing.add(v);
      }
    }
    if (!missing.isEmpty()) {
      throw new InvalidInputException(
          "formula names column(s) not in the table: " + String.join(", ", missing),
          "formula",
          formulaText);
    }
    Dataset<Row> complete =
        data.select(vars.stream().map(data::col).toArray(Column[]::new)).na().drop();
    long dropped = data.count() - complete.count();
    if (formula.randomTerms().size() != 1 || formula.randomTerms().get(0).size() != 1) {
      TidyTable rows = collect(complete, vars);
      return new Fit(
          LinearMixedModel.fit(formula, rows, options),
          false,
          dropped,
          () -> LinearMixedModel.profileConfint(formulaText, rows, options));
    }
    String group = formula.randomTerms().get(0).get(0);
    List<String> fixedVars = new ArrayList<>();
    formula
        .fixedTerms()
        .forEach(
            t ->
                t.forEach(
                    v -> {
                      if (!fixedVars.contains(v)) {
                        fixedVars.add(v);
                      }
                    }));
    Map<String, List<String>> levels = new LinkedHashMap<>();
    for (String v : fixedVars) {
      boolean numeric = complete.schema().apply(v).dataType() instanceof NumericType;
      if (!numeric || options.categorical().contains(v)) {
        List<String> l = new ArrayList<>();
        for (Row r : complete.select(col(v).cast("string")).distinct().collectAsList()) {
          l.add(r.getString(0));
        }
        levels.put(v, l);
      }
    }
    DesignEncoder encoder = DesignEncoder.of(formulaText, levels, options);
    Broadcast<DesignEncoder> enc =
        org.apache.spark.api.java.JavaSparkContext.fromSparkContext(
                complete.sparkSession().sparkContext())
            .broadcast(encoder);
    String response = formula.response();
    int p = encoder.columnNames().size();
    Map<String, Boolean> isFactor = new HashMap<>();
    fixedVars.forEach(v -> isFactor.put(v, levels.containsKey(v)));
    JavaPairRDD<String, Row> keyed =
        complete
            .javaRDD()
            .mapToPair(r -> new Tuple2<>(String.valueOf(r.get(r.fieldIndex(group))), r));
    List<GroupSums> sums =
        new ArrayList<>(
            keyed
                .aggregateByKey(
                    new GroupSums(p),
                    (s, r) -> {
                      Map<String, Object> values = new HashMap<>();
                      for (String v : fixedVars) {
                        Object o = r.getAs(v);
                        values.put(v, isFactor.get(v) ? String.valueOf(o) : o);
                      }
                      return s.add(
                          enc.value().encode(values), ((Number) r.getAs(response)).doubleValue());
                    },
                    GroupSums::merge)
                .values()
                .collect());
    return new Fit(
        LinearMixedModel.fitGroupSums(encoder, group, sums, options),
        true,
        dropped,
        () ->
            LinearMixedModel.profileConfintGroupSums(encoder.columnNames(), group, sums, options));
  }

  private static TidyTable collect(Dataset<Row> complete, List<String> vars) {
    List<Row> rows = complete.collectAsList();
    TidyTable.Builder b = TidyTable.builder();
    for (int c = 0; c < vars.size(); c++) {
      if (complete.schema().apply(vars.get(c)).dataType() instanceof NumericType) {
        double[] v = new double[rows.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = ((Number) rows.get(i).get(c)).doubleValue();
        }
        b.numeric(vars.get(c), v);
      } else {
        String[] v = new String[rows.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = String.valueOf(rows.get(i).get(c));
        }
        b.strings(vars.get(c), v);
      }
    }
    return b.build();
  }
}
