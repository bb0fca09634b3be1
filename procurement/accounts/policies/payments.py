"""Rules for payments."""
