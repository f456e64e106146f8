/**
 * A small, strict JSON (RFC 8259) reader and writer for the NIfTI-MRS header extension and BIDS
 * sidecars: objects become ordered {@link java.util.LinkedHashMap}s, arrays {@link
 * java.util.List}s, numbers {@link org.fmrs.io.json.Json.Num} (keeping their text so that values
 * round-trip exactly).
 */
package org.fmrs.io.json;
