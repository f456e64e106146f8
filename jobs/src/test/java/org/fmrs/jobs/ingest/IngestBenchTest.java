package org.fmrs.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.SparkSession;
import org.fmrs.jobs.SparkTestSupport;
import org.fmrs.jobs.tables.Tables;
import org.fmrs.jobs.tables.Warehouse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench ingest} at a small size: its counts, not its speed. */
class IngestBenchTest {
  @TempDir Path tmp;

  @Test
  void countsFilesTransientsAndBytes() throws Exception {
    SparkSession spark = SparkTestSupport.session();
    IngestBench.Size size = new IngestBench.Size(5, 8, 512);
    IngestBench.Result r = IngestBench.run(spark, tmp, size);
    assertThat(r.generated()).isTrue();
    long niftis;
    long bytes = 0;
    try (Stream<Path> s = Files.walk(tmp.resolve("bids"))) {
      niftis = 0;
      for (Path p : (Iterable<Path>) s::iterator) {
        if (p.toString().endsWith("_svs.nii.gz")) {
          niftis++;
          bytes += Files.size(p);
        }
      }
    }
    assertThat(niftis).isEqualTo(5);
    assertThat(r.inputBytes()).isEqualTo(bytes);
    assertThat(r.ingest().files()).isEqualTo(5);
    assertThat(r.ingest().participants()).isEqualTo(3);
    assertThat(r.ingest().sessions()).isEqualTo(5);
    assertThat(r.ingest().transients()).isEqualTo(40);
    assertThat(r.ingest().errors()).isZero();
    assertThat(r.transientRows()).isEqualTo(40);
    Warehouse w = new Warehouse(spark, tmp.resolve("warehouse").toString());
    assertThat(w.read(Tables.TRANSIENTS).select("session_id").distinct().count()).isEqualTo(5);
    assertThat(w.read(Tables.TRANSIENTS).first().<Object>getAs("fid_re"))
        .satisfies(a -> assertThat(((scala.collection.Seq<?>) a).size()).isEqualTo(512));
    // complex64 payload: at least 8 bytes per point before compression, gzip of noise saves little
    assertThat(r.inputBytes()).isGreaterThan(40L * 512 * 8 / 2);
    assertThat(r.outputBytes()).isPositive();
    assertThat(r.table()).contains("| 5 | 40 | 512 |");

    // the FID arrays are written without dictionary pages (Warehouse.write's Parquet option)
    List<String> fidPaths = List.of("fid_re.list.element", "fid_im.list.element");
    Path parquet;
    try (Stream<Path> s = Files.walk(tmp.resolve("warehouse").resolve("transients"))) {
      parquet = s.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Set<String> checked = new TreeSet<>();
    try (ParquetFileReader reader =
        ParquetFileReader.open(
            HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(parquet.toUri()), new Configuration()))) {
      for (BlockMetaData block : reader.getFooter().getBlocks()) {
        for (ColumnChunkMetaData col : block.getColumns()) {
          String path = col.getPath().toDotString();
          if (fidPaths.contains(path)) {
            checked.add(path);
            assertThat(col.getEncodings()).as(path).noneMatch(Encoding::usesDictionary);
          }
        }
      }
    }
    assertThat(checked).containsExactlyInAnyOrderElementsOf(fidPaths);

    // through the CLI: a second run reuses the dataset and gives the same counts
    SparkTestSupport.Cli cli =
        SparkTestSupport.fmrs(
            "bench",
            "ingest",
            "--files",
            "5",
            "--transients",
            "8",
            "--points",
            "512",
            "--work",
            tmp.toString(),
            "--master",
            "local[2]");
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out()).contains("dataset reused").contains("| 5 | 40 | 512 |");
    w = new Warehouse(SparkTestSupport.session(), tmp.resolve("warehouse").toString());
    assertThat(w.read(Tables.TRANSIENTS).count()).isEqualTo(40);
  }
}
