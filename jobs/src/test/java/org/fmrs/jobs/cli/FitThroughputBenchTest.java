package org.fmrs.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fmrs.jobs.SparkTestSupport.fmrs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fmrs.jobs.SparkTestSupport.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fmrs bench fit-throughput} on tiny cohorts: consistent counts, not speed. */
class FitThroughputBenchTest {
  @TempDir Path tmp;

  @Test
  void reportsOneRowPerSizeWithEverySimulatedSpectrumFitted() throws Exception {
    Path work = tmp.resolve("work");
    Cli r =
        fmrs(
            "bench",
            "fit-throughput",
            "--spectra",
            "16,40",
            "--points",
            "1024",
            "--master",
            "local[2]",
            "--work",
            work.toString(),
            "--keep");
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String[]> rows = new ArrayList<>();
    for (String line : r.out().split("\n")) {
      if (line.matches("\\| \\d+ \\|.*")) {
        String[] cells = line.substring(1).split("\\|");
        for (int i = 0; i < cells.length; i++) {
          cells[i] = cells[i].trim();
        }
        rows.add(cells);
      }
    }
    assertThat(rows).hasSize(2);
    // 16 spectra per participant: 16 -> 1 participant, 40 -> 3 participants = 48 spectra
    long[] expected = {16, 48};
    for (int i = 0; i < 2; i++) {
      String[] c = rows.get(i);
      assertThat(Long.parseLong(c[0])).isEqualTo(expected[i]);
      assertThat(Long.parseLong(c[1])).as("fitted").isEqualTo(expected[i]);
      long ok = Long.parseLong(c[2]);
      assertThat(ok).isBetween(1L, expected[i]);
      double seconds = Double.parseDouble(c[3]);
      double rate = Double.parseDouble(c[4]);
      assertThat(seconds).isPositive();
      assertThat(rate)
          .isCloseTo(
              expected[i] / seconds, org.assertj.core.api.Assertions.within(0.06 * rate + 0.06));
      double poolPeaks = Double.parseDouble(c[5]);
      double sampled = Double.parseDouble(c[6]);
      double max = Double.parseDouble(c[7]);
      assertThat(poolPeaks).isPositive();
      assertThat(sampled).isPositive().isLessThanOrEqualTo(max);
    }
    assertThat(work.resolve("n16").resolve("fits")).isDirectory();
    assertThat(work.resolve("n40").resolve("spectra")).isDirectory();

    Cli again =
        fmrs(
            "bench",
            "fit-throughput",
            "--spectra",
            "16",
            "--points",
            "1024",
            "--master",
            "local[2]",
            "--work",
            work.toString());
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(Files.exists(work.resolve("n16"))).as("deleted without --keep").isFalse();
  }
}
