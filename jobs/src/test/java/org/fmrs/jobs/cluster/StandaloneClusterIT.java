package org.fmrs.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * End-to-end on a real Spark standalone cluster: the application jar built by {@code package}
 * ({@code fmrs-jobs-<v>-app.jar}) is submitted with {@code SparkSubmit} to a master and worker
 * started on 127.0.0.1 from the Maven jars, running the {@code demo} pipeline; its tables must
 * equal those of a local-mode run of the same command with the same seed.
 *
 * <p>Runs in Failsafe ({@code mvn verify}); logs go to {@code jobs/target/cluster-it/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 12, unit = java.util.concurrent.TimeUnit.MINUTES)
class StandaloneClusterIT {

  private static final String MAIN = "org.fmrs.jobs.FmrsMain";
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(6);

  /** Small, fixed-seed demo study (6 participants, 48 spectra) to keep each run ~30-60 s. */
  private static final List<String> DEMO_ARGS =
      List.of("demo", "--participants", "6", "--seed", "20260401");

  /** Config layer (conf/fmrs.properties format) shrinking the study: fewer blocks, shorter FIDs. */
  private static final String SMALL_STUDY =
      "simulate.infusion-blocks=2\nsimulate.points=1024\nfit.max-iterations=30\n";

  /** Columns that legitimately differ between runs (wall-clock timings). */
  private static final String NONDETERMINISTIC = ".*(time_ms|_at|timestamp)$";

  private Path out;
  private Path appJar;
  private List<String> sparkClasspath;
  private LocalStandaloneCluster cluster;

  @BeforeAll
  void startCluster() throws Exception {
    // Set by Failsafe (jobs/pom.xml); absent when Surefire or an IDE picks this class up, e.g.
    // with -Dtest=..., where the app jar may not be built yet.
    assumeTrue(
        System.getProperty("fmrs.appJar") != null,
        "run by Failsafe in mvn verify (needs the packaged app jar)");
    out = Path.of(System.getProperty("fmrs.itOutput", "target/cluster-it")).toAbsolutePath();
    deleteRecursively(out);
    Files.createDirectories(out);
    appJar = Path.of(System.getProperty("fmrs.appJar", "")).toAbsolutePath();
    assertThat(appJar).as("application jar (built by package)").isRegularFile();
    try (JarFile jar = new JarFile(appJar.toFile())) {
      // Only until the CLI lands on this branch; afterwards this always holds.
      assumeTrue(
          jar.getEntry(MAIN.replace('.', '/') + ".class") != null,
          MAIN + " not in the app jar yet: nothing to submit");
    }
    sparkClasspath =
        LocalStandaloneCluster.readClasspathFile(
            Path.of(System.getProperty("fmrs.sparkClasspath", "target/classpath.txt")));
    cluster = new LocalStandaloneCluster(out, sparkClasspath, 2, "2g").start();
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void demoOnStandaloneClusterEqualsLocalRun() throws Exception {
    Path clusterWh = out.resolve("warehouse-cluster");
    Path localWh = out.resolve("warehouse-local");
    Path config = Files.writeString(out.resolve("small-study.properties"), SMALL_STUDY);

    // Cluster: spark-submit sets spark.master; the CLI gets no --master of its own, so this also
    // checks that the CLI leaves the master to spark-submit.
    List<String> clusterArgs = new ArrayList<>(DEMO_ARGS);
    clusterArgs.addAll(List.of("--config", config.toString()));
    clusterArgs.addAll(List.of("--warehouse", clusterWh.toUri().toString()));
    LocalStandaloneCluster.Run onCluster =
        cluster.submit(
            "demo-cluster",
            List.of("--executor-memory", "1g", "--total-executor-cores", "2"),
            appJar,
            MAIN,
            clusterArgs,
            RUN_TIMEOUT);
    assertThat(onCluster.exitCode())
        .as("cluster run exit code\n%s", LocalStandaloneCluster.tail(onCluster.log()))
        .isZero();
    assertThat(Files.readString(onCluster.log()))
        .as("the driver must have run on the standalone cluster")
        .contains("Connecting to master " + cluster.masterUrl())
        .contains("Granted executor ID");
    assertThat(out.resolve("worker-work"))
        .isDirectoryContaining(p -> p.getFileName().toString().startsWith("app-"));

    assertThat(clusterWh.resolve("fits").resolve("_fmrs_provenance.json"))
        .as("provenance records the master the CLI took from spark-submit")
        .content()
        .contains(cluster.masterUrl());

    // Local: the same command, same seed, in a plain JVM with the same two jars.
    List<String> localArgs = new ArrayList<>(DEMO_ARGS);
    localArgs.addAll(List.of("--config", config.toString()));
    localArgs.addAll(List.of("--warehouse", localWh.toUri().toString(), "--master", "local[2]"));
    List<String> cp = new ArrayList<>();
    cp.add(appJar.toString());
    cp.addAll(sparkClasspath);
    List<String> mainAndArgs = new ArrayList<>();
    mainAndArgs.add(MAIN);
    mainAndArgs.addAll(localArgs);
    LocalStandaloneCluster.Run local =
        cluster.runJava("demo-local", List.of("-Xmx1g"), cp, mainAndArgs, RUN_TIMEOUT);
    assertThat(local.exitCode())
        .as("local run exit code\n%s", LocalStandaloneCluster.tail(local.log()))
        .isZero();

    assertThat(normalize(onCluster.stdout(), clusterWh))
        .as("printed output (truth table etc.)")
        .isEqualTo(normalize(local.stdout(), localWh));

    SparkSession spark =
        SparkSession.builder()
            .appName("StandaloneClusterIT-compare")
            .master("local[1]")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
    try {
      for (String table : List.of("fits", "effects")) {
        List<Row> c = sortedRows(spark, clusterWh.resolve(table));
        List<Row> l = sortedRows(spark, localWh.resolve(table));
        assertThat(c).as("%s rows", table).isNotEmpty().hasSameSizeAs(l);
        for (int i = 0; i < c.size(); i++) {
          assertRowEquals(table, i, c.get(i), l.get(i));
        }
      }
    } finally {
      spark.stop();
    }
  }

  /** Masks run-specific text (warehouse path, wall-clock timings) in printed output. */
  private static String normalize(String stdout, Path warehouse) {
    String s = stdout;
    for (String w :
        List.of(
            warehouse.toUri().toString(),
            warehouse.toUri().toString().replaceFirst("/$", ""),
            "file:" + warehouse,
            warehouse.toString())) {
      s = s.replace(w, "<wh>");
    }
    return s.replaceAll("[0-9.]+ spectra/s", "<rate>")
        .replaceAll("\\b[0-9]+\\.[0-9]+ s\\b", "<t> s");
  }

  private static List<Row> sortedRows(SparkSession spark, Path table) {
    assertThat(table).as("table folder").isDirectory();
    Dataset<Row> df = spark.read().parquet(table.toString());
    List<String> keep = new ArrayList<>();
    List<Column> order = new ArrayList<>();
    for (StructField f : df.schema().fields()) {
      if (f.name().matches(NONDETERMINISTIC)) {
        continue;
      }
      keep.add(f.name());
      if (!(f.dataType() instanceof DoubleType) && !(f.dataType() instanceof FloatType)) {
        order.add(df.col(f.name()).asc_nulls_first());
      }
    }
    return df.selectExpr(keep.stream().map(n -> "`" + n + "`").toArray(String[]::new))
        .orderBy(order.toArray(Column[]::new))
        .collectAsList();
  }

  private static void assertRowEquals(String table, int i, Row c, Row l) {
    assertThat(c.schema().fieldNames()).isEqualTo(l.schema().fieldNames());
    for (int j = 0; j < c.length(); j++) {
      String what = table + " row " + i + " column " + c.schema().fieldNames()[j];
      Object a = c.get(j);
      Object b = l.get(j);
      if (a instanceof Double x && b instanceof Double y) {
        if (Double.isNaN(x) || Double.isNaN(y) || Double.isInfinite(x)) {
          assertThat(x).as(what).isEqualTo(y);
        } else {
          assertThat(x).as(what).isCloseTo(y, within(1e-9 * Math.max(1.0, Math.abs(y))));
        }
      } else if (a instanceof scala.collection.Seq<?> || a instanceof Object[]) {
        assertThat(String.valueOf(a)).as(what).isEqualTo(String.valueOf(b));
      } else {
        assertThat(a).as(what).isEqualTo(b);
      }
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted((x, y) -> y.getNameCount() - x.getNameCount()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Override
  public String toString() {
    return "StandaloneClusterIT" + Arrays.asList(out, cluster);
  }
}
