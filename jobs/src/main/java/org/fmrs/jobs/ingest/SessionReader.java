package org.fmrs.jobs.ingest;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.fmrs.error.FmrsException;
import org.fmrs.error.InvalidInputException;
import org.fmrs.fid.Fid;
import org.fmrs.io.MrsData;
import org.fmrs.io.MrsDim;
import org.fmrs.io.MrsReaders;
import org.fmrs.io.ReadOptions;
import org.fmrs.io.nifti.DimHeaders;
import org.fmrs.jobs.ingest.IngestPlan.FileRef;
import org.fmrs.jobs.ingest.IngestPlan.SessionTask;
import org.fmrs.jobs.spark.Rows;
import org.fmrs.preproc.CoilCombination;
import org.fmrs.preproc.CoilOptions;
import org.fmrs.preproc.CoilWeights;
import scala.Tuple2;

/**
 * Reads the files of one session inside a Spark task, through the Hadoop FileSystem of each path:
 * water references first (coil-combined by SVD, averaged), then the metabolite files, whose coils
 * are combined with the weights of the session's first water reference when its coil count matches
 * (else by SVD of the data). Every file that cannot be read becomes an error row; nothing throws.
 */
final class SessionReader {
  /** Output tags: which table a row belongs to. */
  static final int TRANSIENT = 0;

  static final int WATER = 1;
  static final int ERROR = 2;

  /** NIfTI-MRS DIM_DYN header keys read as acquisition times (seconds, file clock). */
  static final List<String> TIME_KEYS = List.of("AcquisitionTime", "acquisition_time_s", "Time");

  private static final List<String> AVERAGES_KEYS =
      List.of("averages", "NumberOfAverages", "nex", "NumberOfTransients", "Averages");

  private SessionReader() {}

  /** A file's bytes decoded, with its content hash. */
  record Loaded(MrsData data, String sha256) {}

  /** Coil-resolved transients: {@code re[j][coil][point]}. */
  record Split(double[][][] re, double[][][] im, int coils, boolean onlyDyn) {
    int count() {
      return re.length;
    }

    double[][] meanRe() {
      return mean(re);
    }

    double[][] meanIm() {
      return mean(im);
    }

    private static double[][] mean(double[][][] x) {
      int c = x[0].length;
      int n = x[0][0].length;
      double[][] m = new double[c][n];
      for (double[][] t : x) {
        for (int k = 0; k < c; k++) {
          for (int p = 0; p < n; p++) {
            m[k][p] += t[k][p] / x.length;
          }
        }
      }
      return m;
    }
  }

  static List<Tuple2<Integer, Row>> read(
      SessionTask task,
      Map<String, String> hadoopConf,
      ReadOptions readOptions,
      CoilOptions coilOptions,
      Set<String> known) {
    return read(task, configuration(hadoopConf), readOptions, coilOptions, known);
  }

  /** A Hadoop configuration holding exactly {@code hadoopConf}. */
  static Configuration configuration(Map<String, String> hadoopConf) {
    Configuration conf = new Configuration(false);
    hadoopConf.forEach(conf::set);
    return conf;
  }

  /** As above, with the configuration built (once per partition by the caller). */
  static List<Tuple2<Integer, Row>> read(
      SessionTask task,
      Configuration conf,
      ReadOptions readOptions,
      CoilOptions coilOptions,
      Set<String> known) {
    List<FileRef> files = new ArrayList<>(task.files());
    files.sort(Comparator.comparing((FileRef f) -> !f.water()).thenComparing(FileRef::path));
    List<Tuple2<Integer, Row>> out = new ArrayList<>();
    double[][] waterRe = null;
    double[][] waterIm = null;
    for (FileRef f : files) {
      try {
        byte[] content = bytes(conf, f.path());
        Map<String, byte[]> companions = new java.util.TreeMap<>();
        for (Map.Entry<String, String> c : f.companions().entrySet()) {
          companions.put(c.getKey(), bytes(conf, c.getValue()));
        }
        String sha = sha256(content, companions);
        boolean isKnown = known.contains(key(f.path(), sha));
        if (isKnown && !f.water()) {
          continue;
        }
        MrsData data =
            MrsReaders.read(
                f.name(),
                content,
                readOptions,
                name -> {
                  for (Map.Entry<String, byte[]> c : companions.entrySet()) {
                    if (c.getKey().equalsIgnoreCase(name)) {
                      return c.getValue();
                    }
                  }
                  return null;
                });
        Split s = split(data);
        if (f.water()) {
          double[][] mr = s.meanRe();
          double[][] mi = s.meanIm();
          String method = null;
          Fid combined;
          if (s.coils() > 1) {
            CoilOptions o = coilOptions.withMethod(CoilOptions.Method.SVD);
            CoilWeights w =
                CoilCombination.weights(
                    mr, mi, CoilCombination.noiseSd(mr, mi, o.noiseTailFraction()), o);
            combined =
                CoilCombination.apply(w, mr, mi, data.dwellTimeS(), data.centralFrequencyHz());
            method = o.method().name();
          } else {
            combined = new Fid(mr[0], mi[0], data.dwellTimeS(), data.centralFrequencyHz());
          }
          if (waterRe == null) {
            waterRe = mr;
            waterIm = mi;
          }
          if (!isKnown) {
            out.add(
                new Tuple2<>(
                    WATER,
                    RowFactory.create(
                        task.participantId(),
                        task.sessionId(),
                        task.site(),
                        f.path(),
                        sha,
                        data.format(),
                        s.coils(),
                        method,
                        s.count() * scannerAverages(data, s),
                        data.dwellTimeS(),
                        data.centralFrequencyHz(),
                        Rows.orNull(data.echoTimeS()),
                        Rows.orNull(data.repetitionTimeS()),
                        combined.re(),
                        combined.im(),
                        header(data))));
          }
          continue;
        }
        CoilWeights w = null;
        String method = null;
        if (s.coils() > 1) {
          double[][] mr = s.meanRe();
          double[][] mi = s.meanIm();
          boolean useWater = waterRe != null && waterRe.length == s.coils();
          CoilOptions o =
              coilOptions.withMethod(
                  useWater ? CoilOptions.Method.WATER_REFERENCE : CoilOptions.Method.SVD);
          double[] sd = CoilCombination.noiseSd(mr, mi, o.noiseTailFraction());
          // the water method uses only the reference's first point: its length may differ
          w = CoilCombination.weights(useWater ? waterRe : mr, useWater ? waterIm : mi, sd, o);
          method = o.method().name();
        }
        double[] times = times(data, s);
        double inf = task.infusionStartS();
        boolean rel = Double.isFinite(inf);
        int averages = scannerAverages(data, s);
        for (int j = 0; j < s.count(); j++) {
          Fid fid =
              w == null
                  ? new Fid(
                      s.re()[j][0], s.im()[j][0], data.dwellTimeS(), data.centralFrequencyHz())
                  : CoilCombination.apply(
                      w, s.re()[j], s.im()[j], data.dwellTimeS(), data.centralFrequencyHz());
          double t = times == null ? Double.NaN : times[j] - (rel ? inf : 0);
          out.add(
              new Tuple2<>(
                  TRANSIENT,
                  RowFactory.create(
                      task.participantId(),
                      task.sessionId(),
                      task.site(),
                      f.path(),
                      sha,
                      data.format(),
                      j,
                      averages,
                      s.coils(),
                      method,
                      Rows.orNull(t),
                      rel ? "infusion" : "acquisition",
                      data.dwellTimeS(),
                      data.centralFrequencyHz(),
                      Rows.orNull(data.echoTimeS()),
                      Rows.orNull(data.repetitionTimeS()),
                      data.sequenceName().isEmpty() ? null : data.sequenceName(),
                      data.nucleus(),
                      fid.re(),
                      fid.im(),
                      j == 0 ? header(data) : null)));
        }
      } catch (FmrsException e) {
        out.add(error(task, f, e.getMessage()));
      } catch (IOException e) {
        out.add(error(task, f, "cannot read: " + e.getMessage()));
      } catch (RuntimeException e) {
        out.add(error(task, f, "internal error: " + e));
      }
    }
    return out;
  }

  static String key(String path, String sha) {
    return path + "|" + sha;
  }

  private static Tuple2<Integer, Row> error(SessionTask task, FileRef f, String reason) {
    return new Tuple2<>(
        ERROR,
        RowFactory.create(
            f.path(),
            reason == null ? "unknown error" : reason,
            task.participantId(),
            task.sessionId()));
  }

  private static byte[] bytes(Configuration conf, String uri) throws IOException {
    Path p = new Path(uri);
    FileSystem fs = p.getFileSystem(conf);
    try (var in = fs.open(p)) {
      return in.readAllBytes();
    }
  }

  static String sha256(byte[] content, Map<String, byte[]> companions) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(content);
      for (byte[] c : companions.values()) {
        md.update(c);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static scala.collection.Map<String, String> header(MrsData data) {
    return scala.jdk.javaapi.CollectionConverters.asScala(
        new java.util.LinkedHashMap<>(data.metadata()));
  }

  /** Transients averaged by the scanner into each row: the header value for a single FID. */
  static int scannerAverages(MrsData data, Split s) {
    if (s.count() > 1) {
      return 1;
    }
    for (String k : AVERAGES_KEYS) {
      for (Map.Entry<String, String> e : data.metadata().entrySet()) {
        if (e.getKey().equalsIgnoreCase(k)) {
          try {
            int n = (int) Math.round(Double.parseDouble(e.getValue().trim()));
            if (n >= 1) {
              return n;
            }
          } catch (NumberFormatException ignored) {
            // not a count: try the next key
          }
        }
      }
    }
    return 1;
  }

  /**
   * Acquisition time of each row on the file clock (0 = start of the file's acquisition), s: the
   * DIM_DYN header times when DIM_DYN is the only dimension, else repetition time × index; null
   * when neither is known.
   */
  static double[] times(MrsData data, Split s) {
    int n = s.count();
    if (s.onlyDyn() && data.dimIndex(MrsDim.DYN) >= 0) {
      Map<String, double[]> h = DimHeaders.numericValues(data, MrsDim.DYN);
      for (String k : TIME_KEYS) {
        if (h.containsKey(k)) {
          return h.get(k);
        }
      }
    }
    double tr = data.repetitionTimeS();
    if (n == 1) {
      return new double[] {0};
    }
    if (!(tr > 0)) {
      return null;
    }
    double[] t = new double[n];
    for (int j = 0; j < n; j++) {
      t[j] = tr * j;
    }
    return t;
  }

  /** The transients of a dataset per coil; rejects dimensions that cannot be flattened. */
  static Split split(MrsData data) {
    List<MrsDim> dims = data.dims();
    int cdim = data.dimIndex(MrsDim.COIL);
    int coils = cdim < 0 ? 1 : dims.get(cdim).size();
    boolean onlyDyn = true;
    for (int i = 0; i < dims.size(); i++) {
      MrsDim d = dims.get(i);
      if (i == cdim || d.size() == 1) {
        continue;
      }
      if (!d.averageable()) {
        throw new InvalidInputException(
            "dimension "
                + d.tag()
                + " with "
                + d.size()
                + " entries is not supported (edited or multi-condition data)",
            "dim",
            d.tag());
      }
      if (!d.tag().equals(MrsDim.DYN)) {
        onlyDyn = false;
      }
    }
    int total = data.transients();
    int count = total / coils;
    int n = data.points();
    double[][][] re = new double[count][coils][];
    double[][][] im = new double[count][coils][];
    int[] idx = new int[dims.size()];
    for (int t = 0; t < total; t++) {
      int rem = t;
      for (int i = 0; i < dims.size(); i++) {
        idx[i] = rem % dims.get(i).size();
        rem /= dims.get(i).size();
      }
      int c = cdim < 0 ? 0 : idx[cdim];
      int j = 0;
      int stride = 1;
      for (int i = 0; i < dims.size(); i++) {
        if (i != cdim) {
          j += idx[i] * stride;
          stride *= dims.get(i).size();
        }
      }
      double[] r = new double[n];
      double[] m = new double[n];
      System.arraycopy(data.re(), t * n, r, 0, n);
      System.arraycopy(data.im(), t * n, m, 0, n);
      re[j][c] = r;
      im[j][c] = m;
    }
    return new Split(re, im, coils, onlyDyn);
  }
}
