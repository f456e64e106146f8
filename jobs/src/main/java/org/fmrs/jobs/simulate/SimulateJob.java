package org.fmrs.jobs.simulate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.fmrs.basis.Basis;
import org.fmrs.cohort.BlockSpec;
import org.fmrs.cohort.CohortOptions;
import org.fmrs.cohort.CohortSimulator;
import org.fmrs.cohort.CohortTruth;
import org.fmrs.cohort.Participant;
import org.fmrs.cohort.Session;
import org.fmrs.cohort.TruthEffect;
import org.fmrs.fid.Fid;
import org.fmrs.jobs.tables.Tables;
import org.fmrs.jobs.tables.Warehouse;
import org.fmrs.sim.SpectrumSynthesizer;

/**
 * {@code fmrs simulate}: writes a synthetic crossover cohort with known truth — {@code
 * participants}, {@code sessions}, {@code spectra}, {@code truth_spectra} and {@code truth}.
 *
 * <p>Participants are distributed over Spark partitions; each task regenerates its participants'
 * sessions and blocks from the cohort seed and synthesizes the spectra with the broadcast basis, so
 * the output does not depend on the partitioning.
 */
public final class SimulateJob {
  /** Localisation sequence of simulated spectra (ideal-pulse PRESS, TE1 = TE2 = TE/2). */
  public static final String SEQUENCE = "PRESS";

  /** Spectra per partition the job aims for (about 64 MB of FIDs at 2048 points). */
  static final int SPECTRA_PER_PARTITION = 2000;

  private SimulateJob() {}

  /** Counts written. */
  public record Result(long participants, long sessions, long spectra) {}

  /**
   * Runs the simulation.
   *
   * @param spark session
   * @param warehouse output root
   * @param options cohort settings
   * @param provenanceJson provenance written beside each table
   */
  public static Result run(
      SparkSession spark, Warehouse warehouse, CohortOptions options, String provenanceJson) {
    CohortSimulator sim = new CohortSimulator(options);
    List<Participant> participants = sim.participants();

    List<Row> participantRows = new ArrayList<>();
    List<Row> sessionRows = new ArrayList<>();
    for (Participant p : participants) {
      participantRows.add(
          RowFactory.create(p.participantId(), p.site(), p.sex(), p.age(), p.sequence()));
      for (Session s : sim.sessions(p)) {
        sessionRows.add(
            RowFactory.create(
                s.participantId(),
                s.sessionId(),
                s.period(),
                s.condition(),
                s.madrsBaseline(),
                s.madrs24h()));
      }
    }
    warehouse.write(
        Tables.PARTICIPANTS,
        spark.createDataFrame(participantRows, Tables.PARTICIPANTS.schema()),
        provenanceJson);
    warehouse.write(
        Tables.SESSIONS,
        spark.createDataFrame(sessionRows, Tables.SESSIONS.schema()),
        provenanceJson);

    long spectra = (long) participants.size() * 2 * options.blocksPerSession();
    int slices =
        (int)
            Math.max(
                Math.min(participants.size(), spark.sparkContext().defaultParallelism()),
                Math.min(
                    participants.size(),
                    (spectra + SPECTRA_PER_PARTITION - 1) / SPECTRA_PER_PARTITION));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Integer> indices = IntStream.range(0, participants.size()).boxed().toList();
    JavaRDD<Integer> people = jsc.parallelize(indices, slices);

    Basis basis =
        Basis.forAcquisition(
            SEQUENCE,
            options.get("echo-time-s"),
            options.centralFrequencyHz(),
            options.dwellTimeS(),
            options.points());
    Broadcast<Basis> basisBc = jsc.broadcast(basis);
    double echoTimeS = options.get("echo-time-s");

    FlatMapFunction<Iterator<Integer>, Row> synthesize =
        it -> {
          Basis b = basisBc.value();
          return forEachBlock(sim, it, blk -> spectrumRow(b, blk, echoTimeS));
        };
    warehouse.write(
        Tables.SPECTRA,
        spark.createDataFrame(people.mapPartitions(synthesize), Tables.SPECTRA.schema()),
        provenanceJson);

    FlatMapFunction<Iterator<Integer>, Row> truthRows =
        it -> forEachBlock(sim, it, SimulateJob::truthRow);
    warehouse.write(
        Tables.TRUTH_SPECTRA,
        spark.createDataFrame(people.mapPartitions(truthRows), Tables.TRUTH_SPECTRA.schema()),
        provenanceJson);

    List<Row> truth = new ArrayList<>();
    for (TruthEffect t : CohortTruth.effects(sim)) {
      truth.add(RowFactory.create(t.analysis(), t.term(), t.value(), t.definition()));
    }
    warehouse.write(
        Tables.TRUTH, spark.createDataFrame(truth, Tables.TRUTH.schema()), provenanceJson);
    return new Result(participants.size(), sessionRows.size(), spectra);
  }

  /** One row per block of every session of the given participants (by index), in order. */
  static Iterator<Row> forEachBlock(
      CohortSimulator sim, Iterator<Integer> participants, Function<BlockSpec, Row> toRow) {
    List<Row> out = new ArrayList<>();
    while (participants.hasNext()) {
      Participant p = sim.participant(participants.next());
      for (Session s : sim.sessions(p)) {
        for (BlockSpec blk : sim.blocks(p, s)) {
          out.add(toRow.apply(blk));
        }
      }
    }
    return out.iterator();
  }

  /** A {@code spectra} row: the block's spectrum synthesized from {@code basis}. */
  static Row spectrumRow(Basis basis, BlockSpec blk, double echoTimeS) {
    Fid fid = SpectrumSynthesizer.block(basis, blk);
    return RowFactory.create(
        blk.spectrumId(),
        blk.participantId(),
        blk.sessionId(),
        blk.site(),
        "ACC",
        blk.blockIndex(),
        blk.blockStartS(),
        blk.blockEndS(),
        blk.averages(),
        fid.dwellTimeS(),
        fid.centralFrequencyHz(),
        echoTimeS,
        SEQUENCE,
        fid.re(),
        fid.im(),
        null,
        null,
        null);
  }

  /** A {@code truth_spectra} row: the block's simulated concentrations and acquisition effects. */
  static Row truthRow(BlockSpec blk) {
    Map<String, Double> conc = new HashMap<>();
    for (int i = 0; i < blk.metabolites().length; i++) {
      conc.put(blk.metabolites()[i], blk.concentrations()[i]);
    }
    return RowFactory.create(
        blk.spectrumId(),
        blk.participantId(),
        blk.sessionId(),
        blk.blockIndex(),
        blk.phase(),
        scala.jdk.javaapi.CollectionConverters.asScala(conc),
        blk.glxTnaaTrue(),
        blk.lorentzHz(),
        blk.gaussHz(),
        blk.shiftHz(),
        blk.phase0Deg(),
        blk.snr(),
        blk.noiseSeed());
  }
}
