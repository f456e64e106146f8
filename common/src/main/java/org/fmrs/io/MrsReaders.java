package org.fmrs.io;

import static org.fmrs.io.IoSupport.bad;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import org.fmrs.error.FmrsException;
import org.fmrs.io.ge.PfileReader;
import org.fmrs.io.jmrui.JmruiTextReader;
import org.fmrs.io.lcmodel.LcmRawReader;
import org.fmrs.io.nifti.NiftiMrsReader;
import org.fmrs.io.philips.SdatReader;
import org.fmrs.io.siemens.RdaReader;

/**
 * Reads any supported MRS file, choosing the reader from the content (magic numbers and markers)
 * and, where the content is not self-describing, the file name.
 *
 * <p>Formats split over two files (Philips SDAT + SPAR) and early NIfTI files with a {@code .json}
 * sidecar need their companion: {@link #read(Path, ReadOptions)} finds it in the same directory
 * (matching the name case-insensitively); the byte-based methods take a {@code siblings} function
 * (file name → bytes, or {@code null}) so that callers reading through a Hadoop file system can
 * supply it.
 */
public final class MrsReaders {
  private MrsReaders() {}

  /** Reads a file with default options. */
  public static MrsData read(Path path) {
    return read(path, ReadOptions.defaults());
  }

  /** Reads a file, fetching companion files from its directory. */
  public static MrsData read(Path path, ReadOptions options) {
    Path dir = path.toAbsolutePath().getParent();
    return read(
        path.getFileName().toString(),
        readBounded(path, options.maxBytes()),
        options,
        sibling -> {
          Path p = findIgnoreCase(dir, sibling);
          return p == null ? null : readBounded(p, options.maxBytes());
        });
  }

  /** Reads from bytes with default options and no companion files. */
  public static MrsData read(String name, byte[] content) {
    return read(name, content, ReadOptions.defaults(), null);
  }

  /** Reads from a stream (closed by the caller), bounded by {@link ReadOptions#maxBytes()}. */
  public static MrsData read(
      String name, InputStream in, ReadOptions options, Function<String, byte[]> siblings) {
    return read(name, IoSupport.readAll(in, options.maxBytes(), name), options, siblings);
  }

  /** Reads from bytes; {@code siblings} may be {@code null} when no companion is available. */
  public static MrsData read(
      String name, byte[] content, ReadOptions options, Function<String, byte[]> siblings) {
    if (content.length > options.maxBytes()) {
      throw bad(name, "content larger than the allowed maximum", "max_bytes", options.maxBytes());
    }
    Function<String, byte[]> sib = siblings == null ? s -> null : siblings;
    byte[] data = IoSupport.gunzipIfNeeded(content, options.maxBytes(), name);
    MrsFormat format = detect(name, data);
    return switch (format) {
      case NIFTI_MRS -> NiftiMrsReader.read(name, data, options, sib);
      case LCMODEL_RAW -> LcmRawReader.read(name, data, options);
      case SIEMENS_RDA -> RdaReader.read(name, data, options);
      case JMRUI_TEXT -> JmruiTextReader.read(name, data, options);
      case GE_PFILE -> PfileReader.read(name, data, options);
      case PHILIPS_SDAT -> readPhilips(name, data, options, sib);
    };
  }

  /** The format of a (decompressed) content, from its magic/markers and then its name. */
  public static MrsFormat detect(String name, byte[] content) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (NiftiMrsReader.sniff(content)) {
      return MrsFormat.NIFTI_MRS;
    }
    if (RdaReader.sniff(content)) {
      return MrsFormat.SIEMENS_RDA;
    }
    if (JmruiTextReader.sniff(content)) {
      return MrsFormat.JMRUI_TEXT;
    }
    if (LcmRawReader.sniff(content)) {
      return MrsFormat.LCMODEL_RAW;
    }
    if (lower.endsWith(".sdat") || lower.endsWith(".spar")) {
      return MrsFormat.PHILIPS_SDAT;
    }
    if (PfileReader.sniff(name, content)) {
      return MrsFormat.GE_PFILE;
    }
    throw bad(name, "unrecognised MRS file format", "field", "format");
  }

  private static MrsData readPhilips(
      String name, byte[] content, ReadOptions options, Function<String, byte[]> sib) {
    String base = name.substring(0, name.length() - 5);
    boolean isSpar = name.toLowerCase(Locale.ROOT).endsWith(".spar");
    String other = base + (isSpar ? ".SDAT" : ".SPAR");
    byte[] companion = sib.apply(other);
    if (companion == null) {
      throw bad(name, "companion file not found", "field", other);
    }
    String sdatName = isSpar ? other : name;
    return isSpar
        ? SdatReader.read(sdatName, content, companion, options)
        : SdatReader.read(sdatName, companion, content, options);
  }

  private static byte[] readBounded(Path p, long maxBytes) {
    try {
      long size = Files.size(p);
      if (size > maxBytes) {
        throw bad(
            p.toString(),
            "file larger than the allowed maximum",
            "size",
            size,
            "max_bytes",
            maxBytes);
      }
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new FmrsException(
          "IO_ERROR", p + ": cannot read: " + e.getMessage(), e, "file", p.toString());
    }
  }

  private static Path findIgnoreCase(Path dir, String name) {
    if (dir == null) {
      return null;
    }
    Path exact = dir.resolve(name);
    if (Files.isRegularFile(exact)) {
      return exact;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (p.getFileName().toString().equalsIgnoreCase(name) && Files.isRegularFile(p)) {
          return p;
        }
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }
}
