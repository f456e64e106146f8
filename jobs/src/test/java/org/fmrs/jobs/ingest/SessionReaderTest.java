package org.fmrs.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.fmrs.error.InvalidOptionsException;
import org.fmrs.io.MrsData;
import org.fmrs.io.MrsDim;
import org.fmrs.io.ReadOptions;
import org.fmrs.io.nifti.NiftiMrsWriter;
import org.fmrs.jobs.ingest.IngestPlan.FileRef;
import org.fmrs.jobs.ingest.IngestPlan.SessionTask;
import org.fmrs.jobs.preprocess.PreprocessOptions;
import org.fmrs.jobs.tables.Tables;
import org.fmrs.preproc.BlockOptions;
import org.fmrs.preproc.CoilOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

/** The task-side reader and the option parsing, without Spark. */
class SessionReaderTest {
  @TempDir Path tmp;

  private static MrsData data(List<MrsDim> dims, int points, Map<String, String> meta) {
    int total = points;
    for (MrsDim d : dims) {
      total *= d.size();
    }
    double[] re = new double[total];
    double[] im = new double[total];
    for (int i = 0; i < total; i++) {
      re[i] = Math.cos(0.1 * i) * Math.exp(-0.01 * (i % points)) + 0.001 * (i / points);
      im[i] = Math.sin(0.1 * i) * Math.exp(-0.01 * (i % points));
    }
    return new MrsData(
        "", points, dims, re, im, 0.0005, 123.2e6, 0.03, 2.0, "1H", "PRESS", Double.NaN, meta);
  }

  private static SessionTask task(double infusion, FileRef... files) {
    return new SessionTask(
        "sub-01", "sub-01_ses-1", "site-1", 1, "placebo", null, null, infusion, List.of(files));
  }

  private static List<Tuple2<Integer, Row>> read(SessionTask t, Set<String> keep) {
    return SessionReader.read(
        t,
        Map.of("fs.defaultFS", "file:///"),
        ReadOptions.defaults().withKeepPersonalFields(keep),
        CoilOptions.defaults(),
        Set.of());
  }

  @Test
  void personalFieldsAreDroppedUnlessKeptAndTimesFollowTheRepetitionTime() {
    Path f = tmp.resolve("a_svs.nii");
    NiftiMrsWriter.write(
        data(List.of(new MrsDim(MrsDim.DYN, 3)), 64, Map.of("PatientName", "Doe^Jane")), f);
    FileRef ref = new FileRef(f.toUri().toString(), "a_svs.nii", Map.of(), false);
    List<Tuple2<Integer, Row>> dropped = read(task(10, ref), Set.of());
    assertThat(dropped).hasSize(3).allMatch(t -> t._1() == SessionReader.TRANSIENT);
    Row first = dropped.get(0)._2();
    assertThat(first.getMap(Tables.TRANSIENTS.index("header")).contains("PatientName")).isFalse();
    // TR 2 s × index 2 − infusion start 10 s
    assertThat(dropped.get(2)._2().get(Tables.TRANSIENTS.index("acquisition_time_s")))
        .isEqualTo(-6.0);
    assertThat(dropped.get(2)._2().get(Tables.TRANSIENTS.index("time_reference")))
        .isEqualTo("infusion");
    List<Tuple2<Integer, Row>> kept = read(task(10, ref), Set.of("PatientName"));
    Row k = kept.get(0)._2();
    assertThat(k.getMap(Tables.TRANSIENTS.index("header")).get("PatientName").get())
        .isEqualTo("Doe^Jane");
  }

  @Test
  void coilsAreCombinedWithTheWaterReferenceAndEditedDataIsAnError() {
    Path w = tmp.resolve("a_ref.nii");
    Path m = tmp.resolve("a_svs.nii");
    Path e = tmp.resolve("b_svs.nii");
    NiftiMrsWriter.write(data(List.of(new MrsDim(MrsDim.COIL, 2)), 64, Map.of()), w);
    NiftiMrsWriter.write(
        data(List.of(new MrsDim(MrsDim.COIL, 2), new MrsDim(MrsDim.DYN, 4)), 64, Map.of()), m);
    NiftiMrsWriter.write(data(List.of(new MrsDim(MrsDim.EDIT, 2)), 64, Map.of()), e);
    List<Tuple2<Integer, Row>> out =
        read(
            task(
                Double.NaN,
                new FileRef(m.toUri().toString(), "a_svs.nii", Map.of(), false),
                new FileRef(e.toUri().toString(), "b_svs.nii", Map.of(), false),
                new FileRef(w.toUri().toString(), "a_ref.nii", Map.of(), true)),
            Set.of());
    assertThat(out.stream().filter(t -> t._1() == SessionReader.WATER)).hasSize(1);
    List<Row> transients =
        out.stream().filter(t -> t._1() == SessionReader.TRANSIENT).map(Tuple2::_2).toList();
    assertThat(transients).hasSize(4);
    assertThat(transients.get(0).get(Tables.TRANSIENTS.index("coil_combination")))
        .isEqualTo("WATER_REFERENCE");
    assertThat(transients.get(3).get(Tables.TRANSIENTS.index("time_reference")))
        .isEqualTo("acquisition");
    assertThat(transients.get(3).get(Tables.TRANSIENTS.index("acquisition_time_s"))).isEqualTo(6.0);
    List<Row> errors =
        out.stream().filter(t -> t._1() == SessionReader.ERROR).map(Tuple2::_2).toList();
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).getString(1)).contains("DIM_EDIT");
  }

  @Test
  void waterReferencesAreRecognisedByName() {
    assertThat(IngestPlan.looksLikeWater("sub-01_ses-1_mrsref.nii.gz")).isTrue();
    assertThat(IngestPlan.looksLikeWater("sub-01_PRESS_35_ref.sdat")).isTrue();
    assertThat(IngestPlan.looksLikeWater("sub-01_ses-01_SVS-ref.nii.gz")).isTrue();
    assertThat(IngestPlan.looksLikeWater("metab.H2O")).isTrue();
    assertThat(IngestPlan.looksLikeWater("sub-01_ses-1_svs.nii.gz")).isFalse();
    assertThat(IngestPlan.looksLikeWater("sub-01_PRESS_35_act.sdat")).isFalse();
    assertThat(IngestPlan.looksLikeWater("prefrontal_svs.nii")).isFalse();
  }

  @Test
  void preprocessOptionsParseAndReject() {
    PreprocessOptions o =
        PreprocessOptions.fromMap(
            Map.of(
                "block-length-s", "120",
                "step-s", "30",
                "hlsvd", "true",
                "outliers", "off",
                "incomplete", "keep",
                "align-iterations", "3"));
    assertThat(o.blockOptions().blockLengthS()).isEqualTo(120);
    assertThat(o.blockOptions().stepS()).isEqualTo(30);
    assertThat(o.blockOptions().incomplete()).isEqualTo(BlockOptions.Incomplete.KEEP);
    assertThat(o.hlsvd()).isTrue();
    assertThat(o.outliers()).isFalse();
    assertThat(o.alignOptions().iterations()).isEqualTo(3);
    assertThat(o.toMap()).containsEntry("preprocess.step-s", "30.0");
    // provenance keys are the input keys: every option set away from its default comes back
    Map<String, String> every = new java.util.LinkedHashMap<>();
    String[][] kv = {
      {"ecc", "false"},
      {"align", "false"},
      {"outliers", "false"},
      {"hlsvd", "true"},
      {"min-transients", "2"},
      {"ecc-min-relative-magnitude", "0.05"},
      {"ecc-extrapolation-points", "16"},
      {"align-ppm-low", "1.9"},
      {"align-ppm-high", "4.0"},
      {"align-time-limit-s", "0.3"},
      {"align-max-shift-hz", "15.0"},
      {"align-reference", "FIRST"},
      {"align-refinement", "MEDIAN"},
      {"align-iterations", "3"},
      {"outlier-ppm-low", "1.5"},
      {"outlier-ppm-high", "3.9"},
      {"outlier-z-threshold", "2.5"},
      {"outlier-max-rejected-fraction", "0.3"},
      {"block-length-s", "120.0"},
      {"step-s", "30.0"},
      {"incomplete", "KEEP"},
      {"min-averages", "4"},
      {"repetition-time-s", "2.5"},
      {"hlsvd-ppm-low", "4.3"},
      {"hlsvd-ppm-high", "5.1"},
      {"hlsvd-components", "20"},
      {"hlsvd-fit-points", "800"},
      {"hlsvd-hankel-rows", "200"},
      {"hlsvd-power-iterations", "3"},
      {"hlsvd-seed", "7"}
    };
    for (String[] e : kv) {
      every.put(e[0], e[1]);
    }
    Map<String, String> provenance = PreprocessOptions.fromMap(every).toMap();
    Map<String, String> replay = new java.util.LinkedHashMap<>();
    provenance.forEach((k, v) -> replay.put(k.substring("preprocess.".length()), v));
    assertThat(replay).isEqualTo(every);
    assertThat(PreprocessOptions.fromMap(replay).toMap()).isEqualTo(provenance);
    for (Map.Entry<String, String> e : every.entrySet()) {
      assertThat(PreprocessOptions.defaults().toMap().get("preprocess." + e.getKey()))
          .as(e.getKey())
          .isNotEqualTo(e.getValue());
    }
    assertThatThrownBy(() -> PreprocessOptions.fromMap(Map.of("ecc", "maybe")))
        .isInstanceOf(InvalidOptionsException.class);
    assertThatThrownBy(() -> PreprocessOptions.fromMap(Map.of("min-transients", "0")))
        .isInstanceOf(InvalidOptionsException.class);
  }
}
