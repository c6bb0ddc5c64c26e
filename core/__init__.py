"""Hookline's bottom layer: settings, the chat-model and embedding seams, Chroma, prompts, errors.

Nothing here imports the layers above it (tools/, agent/, hookline/, ui/).
"""
