package org.fmrs.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.fmrs.fid.Fid;
import org.fmrs.io.nifti.NiftiMrsReader;
import org.fmrs.io.nifti.NiftiMrsWriter;
import org.junit.jupiter.api.Test;

/** Real spectra copied into the test resources (BSD-3, see resources/io/README.md): always run. */
class BundledRealDataTest {
  private static Path resource(String name) throws URISyntaxException {
    return Path.of(BundledRealDataTest.class.getResource("/io/" + name).toURI());
  }

  private static void assertNaaAndCr(Fid f, String what) {
    assertThat(IoTestData.peakPpm(f, 1.8, 2.2)).as(what + " NAA").isCloseTo(2.01, within(0.03));
    assertThat(IoTestData.peakPpm(f, 2.9, 3.1)).as(what + " Cr").isCloseTo(3.03, within(0.03));
  }

  @Test
  void earlyNiftiWithSidecarAndItsNifti2Copy() throws Exception {
    MrsData d = MrsReaders.read(resource("spec2nii_2020/metab.nii"));
    assertThat(d.points()).isEqualTo(4096);
    assertThat(d.centralFrequencyHz()).isCloseTo(297.219948e6, within(1.0));
    assertThat(d.fieldStrengthT()).isCloseTo(6.98, within(1e-9));
    assertNaaAndCr(d.combined(), "metab.nii");
    MrsData copy =
        NiftiMrsReader.read(
            "copy.nii", NiftiMrsWriter.toBytes(d, false, true), ReadOptions.defaults(), null);
    assertThat(copy.re()).isEqualTo(d.re());
    assertThat(copy.im()).isEqualTo(d.im());
    assertThat(copy.centralFrequencyHz()).isCloseTo(d.centralFrequencyHz(), within(1e-3));
    assertNaaAndCr(copy.combined(), "NIfTI-2 copy");
  }

  @Test
  void lcmodelRawWithControlFileParameters() throws Exception {
    MrsData d =
        MrsReaders.read(
            resource("lcmodel_test_lcm/data.raw"),
            ReadOptions.defaults().withDwellTimeS(5e-4).withCentralFrequencyHz(127.786142e6));
    assertThat(d.points()).isEqualTo(1024);
    assertNaaAndCr(d.combined(), "data.raw");
  }
}
