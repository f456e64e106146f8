package org.fmrs.basis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fmrs.error.FmrsException;
import org.fmrs.io.json.Json;

/**
 * The spin-system library: metabolite and macromolecule definitions read once (lazily, thread-safe)
 * from the resource {@code org/fmrs/basis/spin-systems.json}.
 *
 * <p>Metabolites: chemical shifts and J-couplings of Govindaraju, Young and Maudsley, NMR Biomed
 * 2000;13:129-153, with the 2015 corrigendum (Govind et al., NMR Biomed 2015;28:923-924) for the
 * choline compounds, GABA, taurine and phosphorylethanolamine; NAAG couplings from a 2003 J Pharm
 * Biomed Anal paper. Each entry names its source in the resource; the schema is described in {@code
 * docs/spin-systems.md}. Heteronuclei (³¹P/¹⁴N) couple but are not detected. Exchangeable NH
 * protons are kept where tabulated (they lie outside the default fit window).
 *
 * <p>Macromolecules: Gaussian singlets at the positions of the LCModel manual's simulated MM
 * components with the relative proton weights of that table; the widths are typical values.
 *
 * <p>Entries flagged {@code default} form the default basis ({@link Basis#builtIn}, {@link
 * Basis#simulate(Sequence, double, double, int)}); the others (Ala, Asc, Glc, Gly, PE) are selected
 * by name or alias.
 */
final class BuiltInMetabolites {
  static final String RESOURCE = "spin-systems.json";
  private static final double PROTON_TOLERANCE = 1e-9;

  /**
   * One library entry.
   *
   * @param definition the physical definition (name = canonical name)
   * @param aliases other accepted names
   * @param isDefault whether it belongs to the default basis
   * @param protons declared total proton count (checked against the spin groups; 0 for MM)
   * @param citation citation key of the source
   */
  record Entry(
      MetaboliteDefinition definition,
      List<String> aliases,
      boolean isDefault,
      double protons,
      String citation) {}

  /** The parsed library: entries in resource order, and every name/alias → entry. */
  record Library(List<Entry> entries, Map<String, Entry> byName, Map<String, String> citations) {}

  private BuiltInMetabolites() {}

  /** Initialization-on-demand holder: the resource is parsed once, on first use. */
  private static final class Holder {
    static final Library LIBRARY = load();
  }

  static Library library() {
    return Holder.LIBRARY;
  }

  /** The default definitions (metabolites first, then macromolecules), in a fixed order. */
  static List<MetaboliteDefinition> all() {
    return library().entries().stream().filter(Entry::isDefault).map(Entry::definition).toList();
  }

  /** Every definition of the library, in resource order (metabolites, then macromolecules). */
  static List<MetaboliteDefinition> definitions(boolean includeNonDefault) {
    return library().entries().stream()
        .filter(e -> includeNonDefault || e.isDefault())
        .map(Entry::definition)
        .toList();
  }

  /** The entry with this canonical name or alias (exact, case-sensitive), or null. */
  static Entry find(String nameOrAlias) {
    return library().byName().get(nameOrAlias);
  }

  private static Library load() {
    String text;
    try (InputStream in = BuiltInMetabolites.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new FmrsException(
            "RESOURCE_MISSING", "spin-system library not found", "resource", RESOURCE);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new FmrsException(
          "RESOURCE_MISSING", "cannot read the spin-system library", e, "resource", RESOURCE);
    }
    return parse(text);
  }

  /**
   * Parses a library text (the resource schema).
   *
   * @throws FmrsException (reason {@code BAD_SPIN_SYSTEM_LIBRARY}) naming the malformed entry
   */
  static Library parse(String text) {
    Map<String, Object> root;
    try {
      root = Json.parseObject(text);
    } catch (FmrsException e) {
      throw bad("(file)", "not a JSON object: " + e.getMessage());
    }
    if (!"fmrs-spin-systems".equals(root.get("format"))) {
      throw bad("(file)", "format must be \"fmrs-spin-systems\"");
    }
    if (!(root.get("version") instanceof Json.Num v) || v.doubleValue() != 1) {
      throw bad("(file)", "unsupported version " + root.get("version"));
    }
    Map<String, String> citations = new LinkedHashMap<>();
    for (Map.Entry<String, Object> c : object(root, "citations", "(file)").entrySet()) {
      if (!(c.getValue() instanceof String s) || s.isBlank()) {
        throw bad("(file)", "citation " + c.getKey() + " must be a non-empty string");
      }
      citations.put(c.getKey(), s);
    }
    List<Entry> entries = new ArrayList<>();
    for (Object o : list(root, "metabolites", "(file)")) {
      entries.add(entry(o, true, citations));
    }
    for (Object o : list(root, "macromolecules", "(file)")) {
      entries.add(entry(o, false, citations));
    }
    return new Library(
        List.copyOf(entries), index(entries, BuiltInMetabolites::bad), Map.copyOf(citations));
  }

  /**
   * Every name and alias → its entry.
   *
   * @param clash the error for an entry one of whose names is already taken: (entry name, problem)
   */
  static Map<String, Entry> index(
      List<Entry> entries, java.util.function.BiFunction<String, String, FmrsException> clash) {
    Map<String, Entry> byName = new LinkedHashMap<>();
    for (Entry e : entries) {
      List<String> keys = new ArrayList<>();
      keys.add(e.definition().name());
      keys.addAll(e.aliases());
      for (String k : keys) {
        Entry prev = byName.putIfAbsent(k, e);
        if (prev != null) {
          throw clash.apply(
              e.definition().name(),
              "name or alias '" + k + "' already used by " + prev.definition().name());
        }
      }
    }
    return Map.copyOf(byName);
  }

  private static Entry entry(Object o, boolean metabolite, Map<String, String> citations) {
    if (!(o instanceof Map<?, ?>)) {
      throw bad("(unnamed)", "entry must be an object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) o;
    if (!(m.get("name") instanceof String name) || name.isBlank()) {
      throw bad("(unnamed)", "entry needs a non-empty string 'name'");
    }
    List<String> aliases = new ArrayList<>();
    for (Object a : list(m, "aliases", name)) {
      if (!(a instanceof String s) || s.isBlank()) {
        throw bad(name, "aliases must be non-empty strings");
      }
      aliases.add(s);
    }
    if (!(m.get("default") instanceof Boolean isDefault)) {
      throw bad(name, "'default' must be true or false");
    }
    Map<String, Object> source = object(m, "source", name);
    if (!(source.get("citation") instanceof String cit) || !citations.containsKey(cit)) {
      throw bad(name, "source.citation must be one of " + citations.keySet());
    }
    if (source.get("couplings_citation") != null
        && !citations.containsKey(source.get("couplings_citation"))) {
      throw bad(name, "source.couplings_citation must be one of " + citations.keySet());
    }
    if (!(source.get("entry") instanceof String)) {
      throw bad(name, "source.entry must name the entry in the cited publication");
    }
    if (!metabolite) {
      List<GaussianPeak> peaks = new ArrayList<>();
      for (Object p : nonEmptyList(m, "peaks", name)) {
        Map<String, Object> pk = asObject(p, name, "peak");
        double ppm = number(pk, "ppm", name);
        double fwhm = number(pk, "fwhm_ppm", name);
        double protons = number(pk, "protons", name);
        if (!(fwhm > 0) || !(protons > 0) || ppm < -2 || ppm > 12) {
          throw bad(name, "peak needs -2 <= ppm <= 12, fwhm_ppm > 0 and protons > 0");
        }
        peaks.add(new GaussianPeak(ppm, fwhm, protons));
      }
      return new Entry(
          new MetaboliteDefinition(name, List.of(), peaks),
          List.copyOf(aliases),
          isDefault,
          0,
          cit);
    }
    double declared = number(m, "protons", name);
    List<SpinSystem> groups = new ArrayList<>();
    double counted = 0;
    int g = 0;
    for (Object go : nonEmptyList(m, "groups", name)) {
      g++;
      SpinSystem s = group(asObject(go, name, "group"), name + " group " + g);
      groups.add(s);
      counted += s.protonCount();
    }
    if (Math.abs(counted - declared) > PROTON_TOLERANCE) {
      throw bad(
          name, "declared protons " + declared + " differ from the spin groups' count " + counted);
    }
    return new Entry(
        new MetaboliteDefinition(name, groups, List.of()),
        List.copyOf(aliases),
        isDefault,
        declared,
        cit);
  }

  private static SpinSystem group(Map<String, Object> g, String where) {
    double scale = number(g, "scale", where);
    if (!(scale > 0)) {
      throw bad(where, "scale must be > 0");
    }
    List<Object> spins = nonEmptyList(g, "spins", where);
    int n = spins.size();
    if (n > 8) {
      throw bad(where, n + " spins; at most 8 are supported");
    }
    double[] shifts = new double[n];
    boolean[] proton = new boolean[n];
    for (int i = 0; i < n; i++) {
      Map<String, Object> sp = asObject(spins.get(i), where, "spin");
      boolean hasPpm = sp.containsKey("ppm");
      boolean hasNucleus = sp.containsKey("nucleus");
      if (hasPpm == hasNucleus) {
        throw bad(where, "spin " + (i + 1) + " needs exactly one of 'ppm' (¹H) or 'nucleus'");
      }
      if (hasPpm) {
        shifts[i] = number(sp, "ppm", where);
        if (shifts[i] < -2 || shifts[i] > 12) {
          throw bad(where, "spin " + (i + 1) + " ppm " + shifts[i] + " outside [-2, 12]");
        }
        proton[i] = true;
      } else if (!Set.of("31P", "14N", "13C", "15N").contains(sp.get("nucleus"))) {
        throw bad(where, "spin " + (i + 1) + " nucleus must be 31P, 14N, 13C or 15N");
      }
    }
    double[][] j = new double[n][n];
    Set<Long> seen = new HashSet<>();
    for (Object c : list(g, "couplings", where)) {
      if (!(c instanceof List<?> t)
          || t.size() != 3
          || !(t.get(0) instanceof Json.Num a)
          || !(t.get(1) instanceof Json.Num b)
          || !(t.get(2) instanceof Json.Num hz)) {
        throw bad(where, "coupling must be [spin, spin, J_Hz] (1-based spins), got " + c);
      }
      double ad = a.doubleValue();
      double bd = b.doubleValue();
      double jv = hz.doubleValue();
      if (ad != Math.rint(ad) || bd != Math.rint(bd) || ad < 1 || bd < 1 || ad > n || bd > n) {
        throw bad(where, "coupling " + c + " refers to a spin outside 1.." + n);
      }
      int ai = (int) ad - 1;
      int bi = (int) bd - 1;
      if (ai == bi || !Double.isFinite(jv) || Math.abs(jv) > 100) {
        throw bad(where, "coupling " + c + " must join two different spins with |J| <= 100 Hz");
      }
      if (!proton[ai] && !proton[bi]) {
        throw bad(where, "coupling " + c + " joins two heteronuclei");
      }
      if (!seen.add((long) Math.min(ai, bi) * 64 + Math.max(ai, bi))) {
        throw bad(where, "coupling " + c + " given twice");
      }
      j[ai][bi] = jv;
      j[bi][ai] = jv;
    }
    return new SpinSystem(scale, shifts, proton, j);
  }

  private static double number(Map<String, Object> m, String key, String where) {
    if (!(m.get(key) instanceof Json.Num v) || !Double.isFinite(v.doubleValue())) {
      throw bad(where, "'" + key + "' must be a finite number");
    }
    return v.doubleValue();
  }

  private static List<Object> nonEmptyList(Map<String, Object> m, String key, String where) {
    List<Object> l = list(m, key, where);
    if (l.isEmpty()) {
      throw bad(where, "'" + key + "' must not be empty");
    }
    return l;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<String, Object> m, String key, String where) {
    if (!(m.get(key) instanceof List<?> l)) {
      throw bad(where, "'" + key + "' must be an array");
    }
    return (List<Object>) l;
  }

  private static Map<String, Object> object(Map<String, Object> m, String key, String where) {
    return asObject(m.get(key), where, key);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asObject(Object o, String where, String what) {
    if (!(o instanceof Map<?, ?> map)) {
      throw bad(where, "'" + what + "' must be an object");
    }
    return (Map<String, Object>) map;
  }

  private static FmrsException bad(String entry, String problem) {
    return new FmrsException(
        "BAD_SPIN_SYSTEM_LIBRARY",
        "malformed spin-system library entry " + entry + ": " + problem,
        "resource",
        RESOURCE,
        "entry",
        entry);
  }
}
