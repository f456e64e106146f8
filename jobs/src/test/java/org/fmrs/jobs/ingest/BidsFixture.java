package org.fmrs.jobs.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fmrs.basis.Basis;
import org.fmrs.cohort.BlockSpec;
import org.fmrs.cohort.CohortOptions;
import org.fmrs.cohort.CohortSimulator;
import org.fmrs.cohort.Participant;
import org.fmrs.cohort.Session;
import org.fmrs.fid.Fid;
import org.fmrs.io.MrsData;
import org.fmrs.io.MrsDim;
import org.fmrs.io.nifti.NiftiMrsWriter;
import org.fmrs.qc.Snr;
import org.fmrs.sim.SpectrumSynthesizer;

/**
 * A simulated fMRS study written as a BIDS dataset of NIfTI-MRS transients: per session one {@code
 * _svs.nii.gz} (DIM_DYN, 8 transients per 64 s block, TR 8 s, frequency drift, frequency and phase
 * jitter, noise) and one {@code _mrsref.nii.gz} water reference; the first session of each
 * participant has 4 uncombined coils (DIM_COIL). The infusion starts 64 s after the acquisition.
 *
 * <p>Each transient is the block's clean FID plus complex white noise; the drift, jitter and coil
 * sensitivities (rms magnitude 1, no further noise) are applied to that noisy transient, so the
 * average of the block's noisy transients before them ({@link #idealBlocks}) is what a perfect
 * preprocessing would give back.
 */
final class BidsFixture {
  static final int PER_BLOCK = 8;
  static final double TR_S = 8;
  static final double INFUSION_START_S = 64;

  final CohortSimulator sim;
  final Basis basis;

  /**
   * Session id → ideal block FIDs: the average of the block's noisy transients before the drift,
   * jitter and coil split were applied to them.
   */
  final Map<String, List<Fid>> idealBlocks = new LinkedHashMap<>();

  /** Session id → block specs of the simulation. */
  final Map<String, List<BlockSpec>> blocks = new LinkedHashMap<>();

  BidsFixture(int participants) {
    CohortOptions o =
        CohortOptions.defaults()
            .withParticipants(participants)
            .withPreBlocks(1)
            .withInfusionBlocks(2)
            .withPoints(1024)
            .with("dwell-time-s", 0.0005)
            .with("block-duration-s", PER_BLOCK * TR_S)
            .with("repetition-time-s", TR_S)
            .with("snr-max", 200)
            .with("snr-min", 150);
    sim = new CohortSimulator(o);
    // The same basis the pipeline will choose for the PRESS TE 30 ms files written below.
    basis =
        Basis.forAcquisition("PRESS", 0.030, o.centralFrequencyHz(), o.dwellTimeS(), o.points());
  }

  static String sessionId(Participant p, Session s) {
    return p.participantId() + "_ses-" + s.period();
  }

  /** Writes participants {@code from..to-1} (0-based) and the shared TSVs under {@code root}. */
  void write(Path root, int from, int to) throws IOException {
    StringBuilder participants = new StringBuilder("participant_id\tsex\tage\tsite\n");
    StringBuilder madrs =
        new StringBuilder("participant_id\tsession_id\tmadrs_baseline\tmadrs_24h\n");
    for (int i = 0; i < to; i++) {
      Participant p = sim.participant(i);
      participants.append(
          String.format("%s\t%s\t%d\tsite-1%n", p.participantId(), p.sex(), p.age()));
      StringBuilder sessions =
          new StringBuilder("session_id\tcondition\tperiod\tinfusion_start_s\n");
      for (Session s : sim.sessions(p)) {
        String ses = "ses-" + s.period();
        sessions.append(
            String.format("%s\t%s\t%d\t%s%n", ses, s.condition(), s.period(), INFUSION_START_S));
        madrs.append(
            String.format(
                "%s\t%s\t%s\t%s%n", p.participantId(), ses, s.madrsBaseline(), s.madrs24h()));
        if (i >= from) {
          writeSession(root, p, s);
        }
      }
      Files.createDirectories(root.resolve(p.participantId()));
      Files.writeString(
          root.resolve(p.participantId()).resolve(p.participantId() + "_sessions.tsv"),
          sessions.toString());
    }
    Files.writeString(root.resolve("participants.tsv"), participants.toString());
    Files.createDirectories(root.resolve("phenotype"));
    Files.writeString(root.resolve("phenotype").resolve("madrs.tsv"), madrs.toString());
  }

  private void writeSession(Path root, Participant p, Session s) throws IOException {
    String sid = sessionId(p, s);
    Path dir = root.resolve(p.participantId()).resolve("ses-" + s.period()).resolve("mrs");
    Files.createDirectories(dir);
    List<BlockSpec> specs = sim.blocks(p, s);
    blocks.put(sid, specs);
    int coils = s.period() == 1 ? 4 : 1;
    // coil sensitivities with rms magnitude 1: the combination keeps the rms sensitivity as gain
    double[] mag = {1.0, 0.7, 0.5, 0.3};
    double[] arg = {0.0, 1.0, -2.0, 2.5};
    double rms = Math.sqrt((1.0 + 0.49 + 0.25 + 0.09) / 4);
    double[] sensRe = new double[4];
    double[] sensIm = new double[4];
    for (int c = 0; c < 4; c++) {
      sensRe[c] = mag[c] / rms * Math.cos(arg[c]);
      sensIm[c] = mag[c] / rms * Math.sin(arg[c]);
    }
    int n = basis.points();
    double dt = basis.dwellTimeS();
    int m = specs.size() * PER_BLOCK;
    double[] re = new double[n * coils * m];
    double[] im = new double[n * coils * m];
    SplittableRandom rng = new SplittableRandom(sid.hashCode());
    List<Fid> ideal = new ArrayList<>();
    for (int b = 0; b < specs.size(); b++) {
      BlockSpec blk = specs.get(b);
      Fid cleanBlock = SpectrumSynthesizer.cleanBlock(basis, blk);
      double sd = Snr.noiseSdForTarget(cleanBlock, blk.snr() / Math.sqrt(PER_BLOCK));
      double[] sumRe = new double[n];
      double[] sumIm = new double[n];
      for (int k = 0; k < PER_BLOCK; k++) {
        int j = b * PER_BLOCK + k;
        // the noisy transient as acquired without drift, jitter or coils …
        double[] xr = new double[n];
        double[] xi = new double[n];
        for (int q = 0; q < n; q++) {
          xr[q] = cleanBlock.re()[q] + sd * SpectrumSynthesizer.gaussian(rng);
          xi[q] = cleanBlock.im()[q] + sd * SpectrumSynthesizer.gaussian(rng);
          sumRe[q] += xr[q] / PER_BLOCK;
          sumIm[q] += xi[q] / PER_BLOCK;
        }
        // … then frequency drift (0.05 Hz per transient) + ±2 Hz and ±20° jitter, then coils
        double shift = 0.05 * j + (rng.nextDouble() * 4 - 2);
        double phase = Math.toRadians(rng.nextDouble() * 40 - 20);
        for (int q = 0; q < n; q++) {
          double a = 2 * Math.PI * shift * q * dt + phase;
          double cr = Math.cos(a);
          double ci = Math.sin(a);
          double yr = xr[q] * cr - xi[q] * ci;
          double yi = xr[q] * ci + xi[q] * cr;
          for (int c = 0; c < coils; c++) {
            int off = (j * coils + c) * n;
            double gr = coils > 1 ? sensRe[c] : 1;
            double gi = coils > 1 ? sensIm[c] : 0;
            re[off + q] = gr * yr - gi * yi;
            im[off + q] = gr * yi + gi * yr;
          }
        }
      }
      ideal.add(new Fid(sumRe, sumIm, dt, basis.centralFrequencyHz()));
    }
    idealBlocks.put(sid, ideal);
    List<MrsDim> dims = new ArrayList<>();
    if (coils > 1) {
      dims.add(new MrsDim(MrsDim.COIL, coils));
    }
    dims.add(new MrsDim(MrsDim.DYN, m));
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("PatientName", "Doe^Jane");
    if (coils > 1) {
      // times of the dynamics in the DIM_DYN header (the other sessions use TR × index)
      meta.put(
          "dim_6_header", "{\"AcquisitionTime\": {\"start\": 0, \"increment\": " + TR_S + "}}");
    }
    MrsData data =
        new MrsData(
            "",
            n,
            dims,
            re,
            im,
            basis.dwellTimeS(),
            basis.centralFrequencyHz(),
            0.030,
            TR_S,
            "1H",
            "PRESS",
            Double.NaN,
            meta);
    NiftiMrsWriter.write(data, dir.resolve(sid + "_svs.nii.gz"));
    // water reference: one Lorentzian line at 4.65 ppm + the first block's offset, per coil
    BlockSpec b0 = specs.get(0);
    double[] wr = new double[n * coils];
    double[] wi = new double[n * coils];
    for (int c = 0; c < coils; c++) {
      for (int q = 0; q < n; q++) {
        double t = q * basis.dwellTimeS();
        double a = 5000 * Math.exp(-Math.PI * 6 * t);
        double ph = 2 * Math.PI * b0.shiftHz() * t + Math.toRadians(b0.phase0Deg());
        double xr = a * Math.cos(ph);
        double xi = a * Math.sin(ph);
        wr[c * n + q] = sensRe[c] * xr - sensIm[c] * xi + 0.5 * SpectrumSynthesizer.gaussian(rng);
        wi[c * n + q] = sensRe[c] * xi + sensIm[c] * xr + 0.5 * SpectrumSynthesizer.gaussian(rng);
      }
    }
    MrsData water =
        new MrsData(
            "",
            n,
            coils > 1 ? List.of(new MrsDim(MrsDim.COIL, coils)) : List.of(),
            wr,
            wi,
            basis.dwellTimeS(),
            basis.centralFrequencyHz(),
            0.030,
            TR_S,
            "1H",
            "PRESS",
            Double.NaN,
            Map.of());
    NiftiMrsWriter.write(water, dir.resolve(sid + "_mrsref.nii.gz"));
  }
}
