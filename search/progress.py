"""A text progress bar for long commands, written to stderr so stdout stays clean for scripts."""

import time


class ProgressBar:
    WIDTH = 30

    def __init__(self, write, flush=lambda: None):
        self.write, self.flush = write, flush
        self.label = None
        self.last_drawn = 0.0

    def __call__(self, label: str, done: int, total: int) -> None:
        now = time.monotonic()
        finished = total and done >= total
        if label == self.label and not finished and now - self.last_drawn < 0.2:
            return
        if label != self.label and self.label is not None:
            self.write("\n")
        self.label, self.last_drawn = label, now
        share = min(done / total, 1.0) if total else 1.0
        filled = round(self.WIDTH * share)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.write(f"\r{label}: [{bar}] {done:,}/{total:,}")
        self.flush()

    def close(self) -> None:
        if self.label is not None:
            self.write("\n")
            self.flush()
