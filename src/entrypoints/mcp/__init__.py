"""Ingesta as a Model Context Protocol server: tools an AI assistant calls over stdio."""
