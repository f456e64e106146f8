"""Independent reference for ShapedPulseTest: refocusing profile |beta|^2 of a Hann-windowed sinc 180.

Single spin, piecewise-constant B1 along y, each step exponentiated with scipy.linalg.expm.
Pulse: T = 5 ms, 128 steps, time-bandwidth 6, b1(t) ~ sinc(tbw*u) * (0.5 + 0.5 cos(2 pi u)),
u = t/T in [-1/2, 1/2] (step centres), scaled to a 180 degree area. Offsets in units of tbw/T.
Run: python3 tools/shaped_pulse_profile.py
"""
import numpy as np
from scipy.linalg import expm

T, n, tbw = 5e-3, 128, 6
u = (np.arange(n) + 0.5) / n - 0.5
a = np.sinc(tbw * u) * (0.5 + 0.5 * np.cos(2 * np.pi * u))
dt = T / n
b1 = 0.5 / (a.sum() * dt) * a
sz = np.array([[1, 0], [0, -1]]) / 2
sy = np.array([[0, -1j], [1j, 0]]) / 2
bw = tbw / T
for f in [0, 0.1, 0.25, 0.4, 0.5, 1.0]:
    U = np.eye(2)
    for k in range(n):
        U = expm(-2j * np.pi * dt * (f * bw * sz + b1[k] * sy)) @ U
    print(f"{f:5.2f} {abs(U[0, 1]) ** 2:.12f}")
