"""Web console (server-rendered). For now a catalogue page; the full console builds on the same schemas."""
