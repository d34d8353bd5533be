"""The follow-along timer's beeps: short tones made with numpy (nothing is downloaded)."""

from __future__ import annotations

from functools import cache

# cue kind -> (frequencies in Hz, seconds per tone): the same beeps as the offline player
from hipcourse.views.player import CUE_PRIORITY as _CUE_PRIORITY  # noqa: E402, F401
from hipcourse.views.player import CUE_TONES as _TONES  # noqa: E402


def tone_wav(
    freqs_hz=(880,), tone_s: float = 0.15, rate: int = 22050, volume: float = 0.3
) -> bytes:
    """A short beep (one or more tones in sequence) as WAV bytes, made with numpy.

    Each tone is a sine with 10-ms fades, so it does not click; nothing is downloaded.
    """
    import io
    import wave

    import numpy as np

    n = int(rate * tone_s)
    t = np.arange(n) / rate
    fade = np.minimum(1.0, np.minimum(t, tone_s - t) / 0.01)
    wave_parts = [np.sin(2 * np.pi * f * t) * fade for f in freqs_hz]
    samples = (np.concatenate(wave_parts) * volume * 32767).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.tobytes())
    return buf.getvalue()


def cue_sound(kind: str) -> bytes:
    """The WAV bytes the follow-along timer plays for a cue kind."""
    freqs, secs = _TONES[kind]
    return _cue_sound(freqs, secs)


@cache
def _cue_sound(freqs, secs) -> bytes:
    return tone_wav(freqs, secs)
