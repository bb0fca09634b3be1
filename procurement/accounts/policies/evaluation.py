"""Rules for evaluation."""
