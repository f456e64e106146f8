package org.fmrs.basis.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.fmrs.error.InvalidInputException;
import org.junit.jupiter.api.Test;

class NamelistTest {

  private static Namelist one(String text) {
    FortranText t = new FortranText(text);
    assertThat(t.peek()).isEqualTo(FortranText.Next.GROUP);
    return t.readGroup();
  }

  @Test
  void readsSpantStyleHeaderWithNullValue() {
    Namelist g =
        one(" $SEQPAR\n FWHMBA =  0.1 ,\n HZPPPM =  127.7861,\n ECHOT =  ,\n SEQ = 'PRESS' $END\n");
    assertThat(g.name()).isEqualTo("SEQPAR");
    assertThat(g.real("FWHMBA").getAsDouble()).isEqualTo(0.1);
    assertThat(g.real("hzpppm").getAsDouble()).isEqualTo(127.7861);
    assertThat(g.has("ECHOT")).isFalse();
    assertThat(g.values().get("ECHOT")).containsExactly((Object) null);
    assertThat(g.text("SEQ")).contains("PRESS");
  }

  @Test
  void readsAmpersandSyntaxContinuationExponentsArraysRepeatsAndComments() {
    Namelist g =
        one(
            "  &basis1 IDBASI='it''s \"x\"', FMTBAS = \"(2E15.6)\", ! comment, = ignored\n"
                + "  BADELT = 5.0D-04, NDATAB =\n   2048, PPMAPP = 0.5 -0.5, X = 3*1.5, 2*'a',\n"
                + "  L = .TRUE., M = F, NDATAB = 1024, E = 1.0-100, Q = 1.5e+2 /  trailing\n");
    assertThat(g.name()).isEqualTo("BASIS1");
    assertThat(g.text("IDBASI")).contains("it's \"x\"");
    assertThat(g.text("FMTBAS")).contains("(2E15.6)");
    assertThat(g.real("BADELT").getAsDouble()).isEqualTo(5e-4);
    assertThat(g.integer("NDATAB").getAsInt()).isEqualTo(1024); // last assignment wins
    assertThat(g.reals("PPMAPP")).containsExactly(0.5, -0.5);
    assertThat(g.values().get("X")).containsExactly(1.5, 1.5, 1.5, "a", "a");
    assertThat(g.first("L")).contains(Boolean.TRUE);
    assertThat(g.first("M")).contains(Boolean.FALSE);
    assertThat(g.real("E").getAsDouble()).isEqualTo(1e-100);
    assertThat(g.real("Q").getAsDouble()).isEqualTo(150.0);
    assertThat(g.values().keySet())
        .containsExactly("IDBASI", "FMTBAS", "BADELT", "PPMAPP", "X", "L", "M", "NDATAB", "E", "Q");
  }

  @Test
  void writesWhatItReads() {
    Namelist g =
        Namelist.builder("basis")
            .put("ID", "Cr'1")
            .put("CONC", 1.0)
            .put("ISHIFT", 3)
            .put("PPMAPP", 0.5, -0.5)
            .put("FLAG", true)
            .put("NOTHING", (Object) null)
            .build();
    String text = g.toFortran();
    assertThat(text).startsWith(" $BASIS\n ID = 'Cr''1',\n").endsWith(" $END\n");
    assertThat(one(text)).isEqualTo(g);
  }

  @Test
  void reportsBrokenSyntax() {
    assertThatThrownBy(() -> one(" $SEQPAR HZPPPM = 1.0,\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no $END");
    assertThatThrownBy(() -> one(" $SEQPAR SEQ = 'PRESS $END\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no $END");
    assertThatThrownBy(() -> one(" $SEQPAR 1.0, HZPPPM = 2 $END\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected KEY = value");
    assertThatThrownBy(() -> one(" $SEQPAR HZPPPM = 'abc' $END\n").real("HZPPPM"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not a number")
        .hasMessageContaining("HZPPPM");
    assertThatThrownBy(() -> one(" $BASIS1 NDATAB = 10.5 $END\n").integer("NDATAB"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not an integer");
  }

  @Test
  void parsesFortranRealsAndFormats() {
    assertThat(FortranText.parseReal("1.5D+02")).isEqualTo(150.0);
    assertThat(FortranText.parseReal("-.5e-1")).isEqualTo(-0.05);
    assertThat(FortranText.parseReal("7.")).isEqualTo(7.0);
    assertThat(FortranText.parseReal("2.0-120")).isEqualTo(2e-120);
    for (String bad : new String[] {"NaN", "Infinity", "0x1p3", "1e", "e5", ".", "1.0.0", "1f"}) {
      assertThat(FortranText.parseReal(bad)).as(bad).isNull();
    }
    assertThat(FortranText.Format.parse("(6E13.5)"))
        .isEqualTo(new FortranText.Format(6, 'E', 13, 5));
    assertThat(FortranText.Format.parse("(1P2E15.6)"))
        .isEqualTo(new FortranText.Format(2, 'E', 15, 6));
    assertThat(FortranText.Format.parse("(8e13.5)").perRecord()).isEqualTo(8);
    assertThat(FortranText.Format.parse("(A10)")).isNull();
    StringBuilder sb = new StringBuilder();
    FortranText.appendE(sb, -1.234567e-3, 13, 5);
    FortranText.appendE(sb, 1e-200, 13, 5);
    assertThat(sb.toString()).isEqualTo(" -1.23457E-03  0.00000E+00");
  }

  @Test
  void formatsEFieldsToTheRequestedDigits() {
    java.util.Random rnd = new java.util.Random(7);
    for (int i = 0; i < 5000; i++) {
      double v = (rnd.nextDouble() - 0.5) * Math.pow(10, rnd.nextInt(160) - 80);
      if (i % 250 == 0) {
        v = Math.pow(10, rnd.nextInt(40) - 20) * (1 - 1e-12); // just below a power of ten
      }
      int d = 1 + rnd.nextInt(FortranText.MAX_DECIMALS);
      StringBuilder sb = new StringBuilder();
      FortranText.appendE(sb, v, d + 9, d);
      String s = sb.toString();
      assertThat(s).hasSize(d + 9).matches(" +-?\\d\\.\\d{" + d + "}E[+-]\\d\\d");
      double back = FortranText.parseReal(s.trim());
      double ulp = Math.pow(10, Math.floor(Math.log10(Math.abs(v))) - d);
      assertThat(Math.abs(back - v))
          .as(s + " for " + v)
          .isLessThanOrEqualTo(0.5 * ulp + 8 * Math.ulp(v));
    }
  }

  @Test
  void splitsFixedWidthFieldsWithoutBlanks() {
    FortranText t = new FortranText("-1.00000E+00-2.50000E-01\n");
    double[] v = t.readNumbers(2, new FortranText.Format(2, 'E', 12, 5));
    assertThat(Arrays.stream(v).boxed()).containsExactly(-1.0, -0.25);
  }
}
