"""Voice-over preview: speak a script's spoken parts offline and measure how long it takes.

- `script`: read a draft JSON (`hookline draft --json`) or a text/markdown file into a `SpokenScript`.
- `pace`: speaking rates (per platform, per language) and the calibrated duration estimate.
- `engines`: Debian's espeak-ng program (robotic voices), always in its own process.
- `phonemes`: text to Piper's phoneme ids, with espeak-ng's IPA (a subprocess, never linked in).
- `piper`: Piper's neural en_US "joe" voice (from PyPI) run on onnxruntime.
- `voices`: which languages have a voice on this machine, and the choice for a script.
- `audio`: WAV writing and measurement (duration, peak, clipped samples).
- `preview`: `speak_script`, the whole job, returning a typed `VoiceResult`.
"""
