"""Speech functions: Vietnamese speech to text (viet-asr) and text to speech (espeak-ng)."""
