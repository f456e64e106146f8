package org.fmrs.basis;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fmrs.error.InvalidInputException;

/**
 * A localisation sequence as a list of RF pulses and free-evolution delays, ending at the start of
 * acquisition (the echo top for echo sequences). Starts from equilibrium {@code F_z}.
 *
 * <p>Crusher gradients are modelled by coherence-order selection: after an {@link Rf} step with
 * {@code select} only density-matrix elements of total proton coherence order {@code
 * coherenceOrder} are kept (the pathway that survives the crushers and ends in the detected {@code
 * −1} coherence). With ideal 180° pulses the selection is exact bookkeeping (such a pulse maps
 * order p to −p); for STEAM it keeps the stimulated echo (+1 → 0 during TM → −1, factor 1/2).
 *
 * @param name sequence name as written to basis files ({@code PULSE_ACQUIRE}, {@code SPIN_ECHO},
 *     {@code PRESS}, {@code STEAM}, {@code SLASER})
 * @param echoTimeS echo time, s (0 for pulse–acquire)
 * @param mixingTimeS STEAM mixing time, s (0 otherwise)
 * @param steps pulses and delays, in order
 */
public record Sequence(String name, double echoTimeS, double mixingTimeS, List<Step> steps)
    implements Serializable {

  /** One step of a sequence. */
  public sealed interface Step extends Serializable permits Delay, Rf {}

  /**
   * Free evolution under the static Hamiltonian.
   *
   * @param seconds duration, s (≥ 0)
   */
  public record Delay(double seconds) implements Step {
    /** Rejects negative or non-finite durations. */
    public Delay {
      if (!(seconds >= 0) || !Double.isFinite(seconds)) {
        throw new InvalidInputException("sequence delay must be >= 0", "seconds", seconds);
      }
    }
  }

  /**
   * An RF pulse, optionally followed by coherence selection (crushers).
   *
   * @param pulse the pulse
   * @param select whether to keep only coherence order {@code coherenceOrder} afterwards
   * @param coherenceOrder total proton coherence order to keep when {@code select}
   */
  public record Rf(Pulse pulse, boolean select, int coherenceOrder) implements Step {}

  /** Copies the step list. */
  public Sequence {
    steps = List.copyOf(steps);
  }

  /** Ideal 90° excitation, acquisition immediately (the built-in basis). */
  public static Sequence pulseAcquire() {
    return new Sequence("PULSE_ACQUIRE", 0, 0, List.of(new Rf(IdealPulse.EXCITE_X, true, -1)));
  }

  /** 90x – TE/2 – 180y – TE/2 – acquire. */
  public static Sequence spinEcho(double echoTimeS) {
    positive("echo_time_s", echoTimeS);
    return echoTrain("SPIN_ECHO", echoTimeS, new double[] {echoTimeS / 2, echoTimeS / 2});
  }

  /**
   * PRESS: 90x – TE1/2 – 180y – (TE1+TE2)/2 – 180y – TE2/2 – acquire.
   *
   * @param te1S first echo time, s
   * @param te2S second echo time, s (TE = TE1 + TE2)
   */
  public static Sequence press(double te1S, double te2S) {
    positive("te1_s", te1S);
    positive("te2_s", te2S);
    return echoTrain("PRESS", te1S + te2S, new double[] {te1S / 2, (te1S + te2S) / 2, te2S / 2});
  }

  /**
   * Semi-LASER with four ideal refocusing pulses (adiabatic pairs modelled as ideal 180y rotations)
   * equally spaced: TE/8 – 180 – TE/4 – 180 – TE/4 – 180 – TE/4 – 180 – TE/8.
   */
  public static Sequence semiLaser(double echoTimeS) {
    positive("echo_time_s", echoTimeS);
    double q = echoTimeS / 4;
    return echoTrain("SLASER", echoTimeS, new double[] {q / 2, q, q, q, q / 2});
  }

  /**
   * PRESS with shaped refocusing pulses (ideal 90x excitation): the pulse centres are at TE1/2 and
   * TE1/2 + (TE1+TE2)/2, so the free delays are TE1/2 − T/2, (TE1+TE2)/2 − T and TE2/2 − T/2 for a
   * pulse of duration T. A slice-selective pulse is used on axis 1 then axis 2 (the two slices are
   * averaged one after the other).
   *
   * @param te1S first echo time, s
   * @param te2S second echo time, s
   * @param refocusing the refocusing pulse (its own phase and carrier; normally 180° about y)
   */
  public static Sequence press(double te1S, double te2S, ShapedPulse refocusing) {
    positive("te1_s", te1S);
    positive("te2_s", te2S);
    double t = refocusing.durationS();
    double[] delays = {te1S / 2 - t / 2, (te1S + te2S) / 2 - t, te2S / 2 - t / 2};
    return shapedTrain(
        "PRESS",
        te1S + te2S,
        delays,
        new ShapedPulse[] {onAxis(refocusing, 1), onAxis(refocusing, 2)});
  }

  /**
   * Semi-LASER with four shaped refocusing pulses (adiabatic full passages; ideal 90x excitation),
   * centres equally spaced at TE/8, 3TE/8, 5TE/8, 7TE/8; the first pair is slice selective on axis
   * 1, the second on axis 2 (each pair sees one position, as in the real sequence).
   *
   * @param echoTimeS TE, s
   * @param afp the adiabatic full-passage pulse
   */
  public static Sequence semiLaser(double echoTimeS, ShapedPulse afp) {
    positive("echo_time_s", echoTimeS);
    double q = echoTimeS / 4;
    double t = afp.durationS();
    double[] delays = {q / 2 - t / 2, q - t, q - t, q - t, q / 2 - t / 2};
    ShapedPulse a = onAxis(afp, 1);
    ShapedPulse b = onAxis(afp, 2);
    return shapedTrain("SLASER", echoTimeS, delays, new ShapedPulse[] {a, a, b, b});
  }

  private static ShapedPulse onAxis(ShapedPulse p, int axis) {
    return p.slice() == null ? p : p.withSlice(p.slice().withAxis(axis));
  }

  private static Sequence shapedTrain(String name, double te, double[] delays, ShapedPulse[] rf) {
    for (double d : delays) {
      if (!(d >= 0)) {
        throw new InvalidInputException(
            "echo times too short for the pulse duration",
            "echo_time_s",
            te,
            "pulse_duration_s",
            rf[0].durationS());
      }
    }
    int order = rf.length % 2 == 0 ? -1 : 1;
    List<Step> steps = new ArrayList<>();
    steps.add(new Rf(IdealPulse.EXCITE_X, true, order));
    for (int i = 0; i < delays.length; i++) {
      if (i > 0) {
        order = -order;
        steps.add(new Rf(rf[i - 1], true, order));
      }
      steps.add(new Delay(delays[i]));
    }
    return new Sequence(name, te, 0, steps);
  }

  /**
   * STEAM: 90x – TE/2 – 90x – TM – 90x – TE/2 – acquire; stimulated-echo pathway (+1, 0, −1).
   *
   * @param echoTimeS TE, s
   * @param mixingTimeS TM, s
   */
  public static Sequence steam(double echoTimeS, double mixingTimeS) {
    positive("echo_time_s", echoTimeS);
    if (!(mixingTimeS >= 0)) {
      throw new InvalidInputException("mixing time must be >= 0", "mixing_time_s", mixingTimeS);
    }
    return new Sequence(
        "STEAM",
        echoTimeS,
        mixingTimeS,
        List.of(
            new Rf(IdealPulse.EXCITE_X, true, 1),
            new Delay(echoTimeS / 2),
            new Rf(IdealPulse.EXCITE_X, true, 0),
            new Delay(mixingTimeS),
            new Rf(IdealPulse.EXCITE_X, true, -1),
            new Delay(echoTimeS / 2)));
  }

  /**
   * A sequence by name (case-insensitive: {@code pulse-acquire|fid}, {@code spin-echo|se}, {@code
   * press}, {@code steam}, {@code slaser|semi-laser}); times in ms. For PRESS, {@code te1Ms} NaN
   * means TE1 = TE2 = TE/2; for STEAM, {@code tmMs} NaN means 10 ms.
   */
  public static Sequence named(String name, double teMs, double te1Ms, double tmMs) {
    String n = name.toLowerCase(Locale.ROOT).replace("_", "-");
    return switch (n) {
      case "pulse-acquire", "fid", "pulseacquire" -> pulseAcquire();
      case "spin-echo", "se", "spinecho" -> spinEcho(teMs * 1e-3);
      case "press" -> {
        double te1 = Double.isNaN(te1Ms) ? teMs / 2 : te1Ms;
        yield press(te1 * 1e-3, (teMs - te1) * 1e-3);
      }
      case "steam" -> steam(teMs * 1e-3, (Double.isNaN(tmMs) ? 10 : tmMs) * 1e-3);
      case "slaser", "semi-laser", "semilaser" -> semiLaser(teMs * 1e-3);
      default ->
          throw new InvalidInputException(
              "unknown sequence",
              "sequence",
              name,
              "available",
              List.of("pulse-acquire", "spin-echo", "press", "steam", "slaser"));
    };
  }

  /** Excitation then one ideal 180y before each delay but the first. */
  private static Sequence echoTrain(String name, double te, double[] delays) {
    int k = delays.length - 1; // number of refocusing pulses
    int order = k % 2 == 0 ? -1 : 1; // so that it ends at -1
    List<Step> steps = new ArrayList<>();
    steps.add(new Rf(IdealPulse.EXCITE_X, true, order));
    for (int i = 0; i < delays.length; i++) {
      if (i > 0) {
        order = -order;
        steps.add(new Rf(IdealPulse.REFOCUS_Y, true, order));
      }
      steps.add(new Delay(delays[i]));
    }
    return new Sequence(name, te, 0, steps);
  }

  private static void positive(String what, double v) {
    if (!(v > 0) || !Double.isFinite(v)) {
      throw new InvalidInputException("sequence timing must be > 0", what, v);
    }
  }
}
