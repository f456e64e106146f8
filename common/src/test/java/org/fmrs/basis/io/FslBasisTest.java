package org.fmrs.basis.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fmrs.basis.Basis;
import org.fmrs.error.InvalidInputException;
import org.fmrs.io.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FslBasisTest {
  private static final double F0 = 297.2e6;
  private static final double DT = 1 / 6000.0;
  private static final int N = 4096;

  @TempDir Path tmp;

  @Test
  void syntheticRoundTripIsExactAndKeepsPeaks() throws IOException {
    Basis basis = Spectra.twoMetabolites(N, DT, F0);
    BasisFile in = BasisFile.of(basis, BasisHeader.of("synthetic", 36, "sLASER"));
    Path dir = tmp.resolve("basis");
    FslBasis.write(in, dir);
    assertThat(dir.resolve("NAA.json")).exists();
    assertThat(dir.resolve("Cr.json")).exists();
    BasisFile out = FslBasis.read(dir);
    // Files are read in name order.
    assertThat(out.names()).containsExactly("Cr", "NAA");
    Basis b = out.basis();
    assertThat(b.dwellTimeS()).isEqualTo(DT);
    assertThat(b.centralFrequencyHz()).isEqualTo(F0, within(1e-6));
    assertThat(b.fidRe(1)).isEqualTo(basis.fidRe(0));
    assertThat(b.fidIm(1)).isEqualTo(basis.fidIm(0));
    assertThat(b.fidRe(0)).isEqualTo(basis.fidRe(1));
    assertThat(Spectra.peakPpm(b, "NAA", 0.5, 4.2)).isEqualTo(2.01, within(0.005));
    assertThat(Spectra.peakPpm(b, "Cr", 2.5, 3.5)).isEqualTo(3.03, within(0.005));
    assertThat(out.header().format()).isEqualTo(BasisHeader.FSL_MRS_JSON);

    // The file holds FSL-MRS keys and the conjugate (LCModel-sign) FID, centre in MHz.
    @SuppressWarnings("unchecked")
    Map<String, Object> root =
        (Map<String, Object>) Json.parse(Files.readString(dir.resolve("NAA.json")));
    @SuppressWarnings("unchecked")
    Map<String, Object> bas = (Map<String, Object>) root.get("basis");
    assertThat(bas.keySet())
        .containsExactly(
            "basis_re", "basis_im", "basis_dwell", "basis_centre", "basis_width", "basis_name");
    assertThat(((Json.Num) bas.get("basis_centre")).doubleValue()).isEqualTo(297.2);
    assertThat(((Json.Num) bas.get("basis_dwell")).doubleValue()).isEqualTo(DT);
    assertThat(bas.get("basis_width")).isNull();
    assertThat(((Json.Num) ((List<?>) bas.get("basis_im")).get(1)).doubleValue())
        .isEqualTo(-basis.fidIm(0)[1]);
    assertThat(root.get("meta")).isEqualTo(Map.of());
  }

  private void writeJson(String file, String text) throws IOException {
    Files.writeString(tmp.resolve(file), text);
  }

  private static final String OK =
      "{\"basis\": {\"basis_re\": [1, 0.5], \"basis_im\": [0, 0.1], \"basis_dwell\": 0.001,"
          + " \"basis_centre\": 123.2, \"basis_width\": 2, \"basis_name\": \"A\"}, \"meta\": {}}";

  @Test
  void malformedFilesNameTheFileAndProblem() throws IOException {
    writeJson("A.json", OK);
    assertThat(FslBasis.read(tmp).basis().fidIm(0)).containsExactly(0, -0.1);
    writeJson("B.json", OK.replace("\"A\"", "\"B\"").replace("0.001", "0.002"));
    assertThatThrownBy(() -> FslBasis.read(tmp))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("differs from the first file: dwell 0.002 vs 0.001")
        .hasMessageContaining("B.json")
        .hasMessageContaining("entry=B");
    writeJson("B.json", OK.replace("\"A\"", "\"B\"").replace("\"basis_dwell\": 0.001,", ""));
    assertThatThrownBy(() -> FslBasis.read(tmp))
        .hasMessageContaining("'basis_dwell' must be a number (missing)")
        .hasMessageContaining("B.json");
    writeJson("B.json", OK.replace("\"A\"", "\"B\"").replace("[0, 0.1]", "[0]"));
    assertThatThrownBy(() -> FslBasis.read(tmp)).hasMessageContaining("same length");
    writeJson("B.json", OK.replace("\"A\"", "\"B\"").replace("[0, 0.1]", "[0, \"x\"]"));
    assertThatThrownBy(() -> FslBasis.read(tmp))
        .hasMessageContaining("'basis_im'[1] is not a number");
    writeJson("B.json", OK.replace("}, \"meta\"", ", \"meta\""));
    assertThatThrownBy(() -> FslBasis.read(tmp))
        .hasMessageContaining("malformed FSL-MRS basis file: invalid JSON")
        .hasMessageContaining("B.json");
    writeJson("B.json", OK);
    assertThatThrownBy(() -> FslBasis.read(tmp))
        .hasMessageContaining("basis_name used by an earlier file: A");
    Path empty = Files.createDirectory(tmp.resolve("empty"));
    assertThatThrownBy(() -> FslBasis.read(empty)).hasMessageContaining("no .json basis files");
  }

  @Test
  void refusesNamesThatAreNotFileNames() {
    Basis b =
        new Basis(List.of("a/b"), new double[][] {{1, 0}}, new double[][] {{0, 0}}, 1e-3, 123.2e6);
    assertThatThrownBy(() -> FslBasis.write(BasisFile.of(b, BasisHeader.of(null, 30, null)), tmp))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("cannot be a file name");
  }
}
