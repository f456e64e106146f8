package org.fmrs.jobs.ingest;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.fmrs.error.FmrsException;
import org.fmrs.error.InvalidInputException;

/**
 * What to ingest, decided on the driver from a listing of the input folder (any Hadoop FileSystem):
 * the participants, the sessions and, per session, the data files with their companions. Built from
 * a BIDS layout ({@link #bids}) or from a mapping CSV ({@link #mapped}).
 *
 * @param participants one entry per participant, in id order
 * @param sessions one entry per session, in id order, each with its files
 */
public record IngestPlan(List<ParticipantInfo> participants, List<SessionTask> sessions)
    implements Serializable {

  /** Site label used when neither participants.tsv nor the mapping names one. */
  public static final String UNKNOWN_SITE = "unknown";

  /** Condition used when none is given. */
  public static final String UNKNOWN_CONDITION = "unknown";

  /** Values of a participants table row. */
  public record ParticipantInfo(
      String participantId, String site, String sex, Integer ageYears, String sequence)
      implements Serializable {}

  /** One data file and its companions (SPAR of an SDAT, JSON sidecar of a NIfTI). */
  public record FileRef(String path, String name, Map<String, String> companions, boolean water)
      implements Serializable {}

  /**
   * One session: its sessions-table values, the infusion start (NaN = unknown) and files.
   *
   * @param infusionStartS infusion start on the clock of the files' acquisition times (0 = the
   *     start of each file's acquisition), s; NaN when unknown
   */
  public record SessionTask(
      String participantId,
      String sessionId,
      String site,
      int period,
      String condition,
      Double madrsBaseline,
      Double madrs24h,
      double infusionStartS,
      List<FileRef> files)
      implements Serializable {}

  private static final List<String> DATA_SUFFIXES =
      List.of(".nii", ".nii.gz", ".sdat", ".spar", ".rda", ".raw", ".h2o", ".7", ".txt");

  private static final Pattern WATER_TOKEN =
      Pattern.compile("(^|[_\\-.])(ref|mrsref|water|h2o)([_\\-.]|$)");

  /** Whether a file name looks like a water reference (BIDS {@code _mrsref}/{@code _ref}…). */
  static boolean looksLikeWater(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return WATER_TOKEN.matcher(n).find() || n.endsWith(".h2o");
  }

  static boolean isDataFile(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".spar") || n.endsWith(".json") || n.endsWith(".tsv") || n.endsWith(".csv")) {
      return false;
    }
    if (n.startsWith(".") || n.startsWith("_")) {
      return false;
    }
    return DATA_SUFFIXES.stream().anyMatch(n::endsWith);
  }

  /** Every file under {@code root}, as paths relative to it → absolute URI string. */
  static TreeMap<String, String> list(Configuration conf, String root) {
    try {
      Path r = new Path(root);
      FileSystem fs = r.getFileSystem(conf);
      Path q = fs.makeQualified(r);
      if (!fs.exists(q) || !fs.getFileStatus(q).isDirectory()) {
        throw new InvalidInputException("--input is not a directory", "input", root);
      }
      String prefix = q.toUri().getPath();
      prefix = prefix.endsWith("/") ? prefix : prefix + "/";
      TreeMap<String, String> out = new TreeMap<>();
      if ("file".equals(fs.getUri().getScheme())) {
        // Local files: walk with listStatus. listFiles builds a LocatedFileStatus per file, which
        // reads its permissions — without Hadoop's native library, one `ls` process per file
        // (≈ 20 s for 1,000 files).
        java.util.ArrayDeque<Path> dirs = new java.util.ArrayDeque<>(List.of(q));
        while (!dirs.isEmpty()) {
          for (FileStatus st : fs.listStatus(dirs.pop())) {
            if (st.isDirectory()) {
              dirs.push(st.getPath());
            } else {
              add(out, prefix, st.getPath());
            }
          }
        }
        return out;
      }
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(q, true);
      while (it.hasNext()) {
        add(out, prefix, it.next().getPath());
      }
      return out;
    } catch (IOException e) {
      throw new FmrsException("IO", "cannot list --input: " + e.getMessage(), e, "input", root);
    }
  }

  private static void add(TreeMap<String, String> out, String prefix, Path file) {
    String p = file.toUri().getPath();
    if (p.startsWith(prefix)) {
      out.put(p.substring(prefix.length()), file.toString());
    }
  }

  static String read(Configuration conf, String uri) {
    try {
      Path p = new Path(uri);
      try (var in = p.getFileSystem(conf).open(p)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new FmrsException("IO", "cannot read " + uri + ": " + e.getMessage(), e);
    }
  }

  /** Companions of a data file among its directory's files (case-insensitive match). */
  static Map<String, String> companions(String rel, TreeMap<String, String> files) {
    int slash = rel.lastIndexOf('/');
    String dir = slash < 0 ? "" : rel.substring(0, slash + 1);
    String name = rel.substring(slash + 1);
    String lower = name.toLowerCase(Locale.ROOT);
    List<String> wanted = new ArrayList<>();
    if (lower.endsWith(".sdat")) {
      wanted.add(name.substring(0, name.length() - 5) + ".SPAR");
    } else if (lower.endsWith(".nii.gz")) {
      wanted.add(name.substring(0, name.length() - 7) + ".json");
    } else if (lower.endsWith(".nii")) {
      wanted.add(name.substring(0, name.length() - 4) + ".json");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String w : wanted) {
      for (Map.Entry<String, String> e : files.entrySet()) {
        String k = e.getKey();
        if (k.length() == dir.length() + w.length()
            && k.startsWith(dir)
            && k.substring(dir.length()).equalsIgnoreCase(w)) {
          out.put(w, e.getValue());
        }
      }
    }
    return out;
  }

  /** Rows of a TSV (or CSV when {@code sep} is ','), header → value, empty/n/a cells dropped. */
  static List<Map<String, String>> table(String text, char sep) {
    List<Map<String, String>> rows = new ArrayList<>();
    String[] lines = text.split("\\r?\\n");
    if (lines.length == 0) {
      return rows;
    }
    String[] head = split(lines[0], sep);
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      String[] cells = split(lines[i], sep);
      Map<String, String> row = new LinkedHashMap<>();
      for (int c = 0; c < head.length && c < cells.length; c++) {
        String v = cells[c].trim();
        if (!v.isEmpty() && !v.equalsIgnoreCase("n/a")) {
          row.put(head[c].trim().toLowerCase(Locale.ROOT), v);
        }
      }
      rows.add(row);
    }
    return rows;
  }

  private static String[] split(String line, char sep) {
    String[] parts = line.split(Pattern.quote(String.valueOf(sep)), -1);
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
        p = p.substring(1, p.length() - 1);
      }
      parts[i] = p;
    }
    return parts;
  }

  static Double number(Map<String, String> row, String key, String where) {
    String v = row.get(key);
    if (v == null) {
      return null;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          where + ": " + key + " is not a number", "value", v, "column", key);
    }
  }

  static String sex(String v) {
    if (v == null) {
      return null;
    }
    String s = v.trim().toUpperCase(Locale.ROOT);
    if (s.startsWith("M")) {
      return "M";
    }
    if (s.startsWith("F") || s.startsWith("W")) {
      return "F";
    }
    return null;
  }

  /** Mutable per-session values while the plan is assembled. */
  private static final class SessionBuilder {
    String participantId;
    String sessionId;
    String site;
    int period = 1;
    String condition = UNKNOWN_CONDITION;
    Double madrsBaseline;
    Double madrs24h;
    double infusionStartS = Double.NaN;
    final List<FileRef> files = new ArrayList<>();

    SessionTask build(String defaultSite) {
      return new SessionTask(
          participantId,
          sessionId,
          site == null ? defaultSite : site,
          period,
          condition,
          madrsBaseline,
          madrs24h,
          infusionStartS,
          List.copyOf(files));
    }

    void apply(Map<String, String> row, String where) {
      if (row.containsKey("condition")) {
        condition = row.get("condition");
      }
      Double p = number(row, "period", where);
      if (p != null) {
        period = p.intValue();
      }
      Double inf = number(row, "infusion_start_s", where);
      if (inf != null) {
        infusionStartS = inf;
      }
      Double mb = number(row, "madrs_baseline", where);
      if (mb != null) {
        madrsBaseline = mb;
      }
      Double m24 = number(row, "madrs_24h", where);
      if (m24 != null) {
        madrs24h = m24;
      }
      if (row.containsKey("site")) {
        site = row.get("site");
      }
    }
  }

  /**
   * A BIDS dataset: data files in {@code mrs} folders of {@code sub-X} or {@code sub-X/ses-Y},
   * {@code participants.tsv}, {@code sessions.tsv} (per subject as {@code sub-X/sub-X_sessions.tsv}
   * or at the root with a participant_id column) and any TSV under {@code phenotype} with
   * participant_id, session_id and MADRS columns. Session ids are {@code sub-X_ses-Y} (or {@code
   * sub-X} without sessions).
   */
  public static IngestPlan bids(Configuration conf, String root) {
    TreeMap<String, String> files = list(conf, root);
    Map<String, ParticipantInfo> participants = new TreeMap<>();
    Map<String, Map<String, String>> participantRows = new HashMap<>();
    if (files.containsKey("participants.tsv")) {
      for (Map<String, String> r : table(read(conf, files.get("participants.tsv")), '\t')) {
        if (r.containsKey("participant_id")) {
          participantRows.put(r.get("participant_id"), r);
        }
      }
    }
    Map<String, SessionBuilder> sessions = new TreeMap<>();
    for (Map.Entry<String, String> e : files.entrySet()) {
      String rel = e.getKey();
      String[] parts = rel.split("/");
      String name = parts[parts.length - 1];
      if (!isDataFile(name) || !parts[0].startsWith("sub-")) {
        continue;
      }
      boolean inMrs = Arrays.asList(parts).subList(1, parts.length - 1).contains("mrs");
      if (!inMrs) {
        continue;
      }
      String sub = parts[0];
      String ses = parts.length > 2 && parts[1].startsWith("ses-") ? parts[1] : null;
      String sessionId = ses == null ? sub : sub + "_" + ses;
      SessionBuilder b = sessions.computeIfAbsent(sessionId, k -> new SessionBuilder());
      b.participantId = sub;
      b.sessionId = sessionId;
      b.files.add(new FileRef(e.getValue(), name, companions(rel, files), looksLikeWater(name)));
    }
    // sessions.tsv: per subject, or at the root with participant_id
    for (Map.Entry<String, String> e : files.entrySet()) {
      String rel = e.getKey();
      if (!rel.endsWith("sessions.tsv")) {
        continue;
      }
      String[] parts = rel.split("/");
      String sub = parts.length == 2 && parts[0].startsWith("sub-") ? parts[0] : null;
      if (parts.length > 2) {
        continue;
      }
      for (Map<String, String> r : table(read(conf, e.getValue()), '\t')) {
        String p = sub != null ? sub : r.get("participant_id");
        String s = r.get("session_id");
        if (p == null || s == null) {
          continue;
        }
        SessionBuilder b = sessions.get(p + "_" + s);
        if (b != null) {
          b.apply(r, rel);
        }
      }
    }
    for (Map.Entry<String, String> e : files.entrySet()) {
      String rel = e.getKey();
      if (!rel.startsWith("phenotype/") || !rel.endsWith(".tsv")) {
        continue;
      }
      for (Map<String, String> r : table(read(conf, e.getValue()), '\t')) {
        String p = r.get("participant_id");
        String s = r.get("session_id");
        if (p == null) {
          continue;
        }
        for (SessionBuilder b : sessions.values()) {
          if (b.participantId.equals(p)
              && (s == null || b.sessionId.equals(p + "_" + s) || b.sessionId.equals(s))) {
            Map<String, String> madrs = new HashMap<>();
            for (String k : List.of("madrs_baseline", "madrs_24h")) {
              if (r.containsKey(k)) {
                madrs.put(k, r.get(k));
              }
            }
            b.apply(madrs, rel);
          }
        }
      }
    }
    for (SessionBuilder b : sessions.values()) {
      Map<String, String> pr = participantRows.getOrDefault(b.participantId, Map.of());
      if (b.site == null && pr.containsKey("site")) {
        b.site = pr.get("site");
      }
    }
    List<SessionTask> tasks = new ArrayList<>();
    for (SessionBuilder b : sessions.values()) {
      tasks.add(b.build(UNKNOWN_SITE));
    }
    for (SessionTask t : tasks) {
      participants.computeIfAbsent(
          t.participantId(),
          p -> participant(p, t.site(), participantRows.getOrDefault(p, Map.of())));
    }
    return new IngestPlan(List.copyOf(participants.values()), tasks);
  }

  private static ParticipantInfo participant(String id, String site, Map<String, String> row) {
    Double age = number(row, "age", "participants.tsv");
    if (age == null) {
      age = number(row, "age_years", "participants.tsv");
    }
    return new ParticipantInfo(
        id,
        row.getOrDefault("site", site),
        sex(row.get("sex")),
        age == null ? null : (int) Math.round(age),
        row.get("sequence"));
  }

  /**
   * A folder with a mapping CSV: columns {@code pattern} (glob on the path relative to the input
   * folder, e.g. {@code sub-01/**}{@code /*_act.sdat}), {@code participant_id}, {@code session_id}
   * and optional {@code condition}, {@code period}, {@code site}, {@code infusion_start_s}, {@code
   * kind} (metabolite or water; default: water when the name says ref/water/h2o), {@code
   * madrs_baseline}, {@code madrs_24h}. The first matching row wins; files no row matches are
   * ignored. A {@code participants.tsv} at the input root adds sex/age.
   */
  public static IngestPlan mapped(Configuration conf, String root, String mappingCsvUri) {
    TreeMap<String, String> files = list(conf, root);
    List<Map<String, String>> mapping = table(read(conf, mappingCsvUri), ',');
    List<PathMatcher> matchers = new ArrayList<>();
    for (int i = 0; i < mapping.size(); i++) {
      Map<String, String> m = mapping.get(i);
      for (String k : List.of("pattern", "participant_id", "session_id")) {
        if (!m.containsKey(k)) {
          throw new InvalidInputException(
              "mapping row lacks " + k, "row", i + 2, "file", mappingCsvUri);
        }
      }
      matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + m.get("pattern")));
    }
    Map<String, Map<String, String>> participantRows = new HashMap<>();
    if (files.containsKey("participants.tsv")) {
      for (Map<String, String> r : table(read(conf, files.get("participants.tsv")), '\t')) {
        if (r.containsKey("participant_id")) {
          participantRows.put(r.get("participant_id"), r);
        }
      }
    }
    Map<String, SessionBuilder> sessions = new TreeMap<>();
    for (Map.Entry<String, String> e : files.entrySet()) {
      String rel = e.getKey();
      String name = rel.substring(rel.lastIndexOf('/') + 1);
      if (!isDataFile(name)) {
        continue;
      }
      java.nio.file.Path relPath = java.nio.file.Path.of(rel);
      for (int i = 0; i < matchers.size(); i++) {
        if (!matchers.get(i).matches(relPath)) {
          continue;
        }
        Map<String, String> m = mapping.get(i);
        SessionBuilder b = sessions.computeIfAbsent(m.get("session_id"), k -> new SessionBuilder());
        b.participantId = m.get("participant_id");
        b.sessionId = m.get("session_id");
        b.apply(m, "mapping row " + (i + 2));
        String kind = m.get("kind");
        boolean water =
            kind == null
                ? looksLikeWater(name)
                : kind.toLowerCase(Locale.ROOT).startsWith("w")
                    || kind.equalsIgnoreCase("ref")
                    || kind.equalsIgnoreCase("h2o");
        b.files.add(new FileRef(e.getValue(), name, companions(rel, files), water));
        break;
      }
    }
    List<SessionTask> tasks = new ArrayList<>();
    Map<String, ParticipantInfo> participants = new TreeMap<>();
    for (SessionBuilder b : sessions.values()) {
      SessionTask t = b.build(UNKNOWN_SITE);
      tasks.add(t);
      participants.computeIfAbsent(
          t.participantId(),
          p -> participant(p, t.site(), participantRows.getOrDefault(p, Map.of())));
    }
    return new IngestPlan(List.copyOf(participants.values()), tasks);
  }
}
