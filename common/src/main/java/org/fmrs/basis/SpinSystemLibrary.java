package org.fmrs.basis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fmrs.error.FmrsException;

/**
 * A set of metabolite and macromolecule definitions in the schema of the built-in library ({@code
 * docs/spin-systems.md}): the built-in one ({@link #builtIn()}), a study's own file ({@link
 * #read(Path)}), or the built-in library with a file's entries laid over it ({@link
 * #overriddenBy(SpinSystemLibrary)}).
 *
 * <p>A study that uses other published values than the built-in tables (a later correction, values
 * measured at another temperature, another tool's table for a like-for-like comparison) writes just
 * those entries, with their own citations, to a file and simulates with {@code fmrs basis simulate
 * --spin-systems FILE}; the built-in table itself stays the published one.
 */
public final class SpinSystemLibrary {
  private static final SpinSystemLibrary BUILT_IN =
      new SpinSystemLibrary(
          BuiltInMetabolites.library(), "built-in:" + BuiltInMetabolites.RESOURCE);

  private final BuiltInMetabolites.Library library;
  private final String source;

  private SpinSystemLibrary(BuiltInMetabolites.Library library, String source) {
    this.library = library;
    this.source = source;
  }

  /** The library shipped with fmrs (resource {@code org/fmrs/basis/spin-systems.json}). */
  public static SpinSystemLibrary builtIn() {
    return BUILT_IN;
  }

  /**
   * Reads a library file in the built-in schema ({@code "format": "fmrs-spin-systems"}, version 1).
   *
   * @throws FmrsException {@code BAD_SPIN_SYSTEM_LIBRARY} naming the file, the entry and the
   *     problem; {@code IO_ERROR} when the file cannot be read
   */
  public static SpinSystemLibrary read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new FmrsException(
          "IO_ERROR", "cannot read spin-system file", e, "file", file.toString());
    }
    return parse(text, file.toString());
  }

  /** Parses library text; {@code source} names it in errors and in {@link #source()}. */
  public static SpinSystemLibrary parse(String text, String source) {
    try {
      return new SpinSystemLibrary(BuiltInMetabolites.parse(text), source);
    } catch (FmrsException e) {
      Map<String, Object> ctx = new LinkedHashMap<>(e.context());
      ctx.remove("resource");
      String message = e.getMessage();
      int context = message.lastIndexOf(" ["); // the appended context, replaced below
      throw new FmrsException(
          e.reasonCode(),
          (context < 0 ? message : message.substring(0, context)) + " (in " + source + ")",
          e,
          "file",
          source,
          "entry",
          ctx.get("entry"));
    }
  }

  /**
   * This library with the entries of {@code overrides} laid over it: an override entry whose name
   * equals the name or an alias of an entry here replaces that entry in place (taking the
   * override's aliases, default flag and source); other override entries are appended. Citations
   * are merged.
   *
   * @throws FmrsException {@code BAD_SPIN_SYSTEM_LIBRARY} when an alias of the result would name
   *     two entries
   */
  public SpinSystemLibrary overriddenBy(SpinSystemLibrary overrides) {
    List<BuiltInMetabolites.Entry> entries = new ArrayList<>(library.entries());
    for (BuiltInMetabolites.Entry o : overrides.library.entries()) {
      BuiltInMetabolites.Entry here = library.byName().get(o.definition().name());
      int at = here == null ? -1 : entries.indexOf(here);
      if (at >= 0) {
        entries.set(at, o);
      } else {
        entries.add(o);
      }
    }
    Map<String, BuiltInMetabolites.Entry> byName =
        BuiltInMetabolites.index(
            entries,
            (entry, problem) ->
                new FmrsException(
                    "BAD_SPIN_SYSTEM_LIBRARY",
                    "malformed spin-system library entry " + entry + ": " + problem,
                    "file",
                    overrides.source,
                    "entry",
                    entry));
    Map<String, String> citations = new LinkedHashMap<>(library.citations());
    citations.putAll(overrides.library.citations());
    return new SpinSystemLibrary(
        new BuiltInMetabolites.Library(List.copyOf(entries), byName, Map.copyOf(citations)),
        source + " + " + overrides.source);
  }

  /** Where the definitions came from (the resource, a file, or "base + overrides"). */
  public String source() {
    return source;
  }

  /** The definition with this canonical name or alias (case-sensitive), or null. */
  public MetaboliteDefinition find(String nameOrAlias) {
    BuiltInMetabolites.Entry e = library.byName().get(nameOrAlias);
    return e == null ? null : e.definition();
  }

  /** Canonical names of every entry, in library order. */
  public List<String> names() {
    return library.entries().stream().map(e -> e.definition().name()).toList();
  }

  /** Canonical names of the entries flagged {@code default}, in library order. */
  public List<String> defaultNames() {
    return library.entries().stream()
        .filter(BuiltInMetabolites.Entry::isDefault)
        .map(e -> e.definition().name())
        .toList();
  }

  /** The full citation of the source of an entry (by name or alias), or null. */
  public String citationOf(String nameOrAlias) {
    BuiltInMetabolites.Entry e = library.byName().get(nameOrAlias);
    return e == null ? null : library.citations().get(e.citation());
  }

  @Override
  public String toString() {
    return "SpinSystemLibrary[" + source + ", " + library.entries().size() + " entries]";
  }
}
