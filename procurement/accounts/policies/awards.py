"""Rules for awards."""
