"""Settings for `benchmarks/serving.py`: the product's, plus the benchmark's own URLconf, which adds
the naive peer views beside the product's pages (they are not part of the product)."""

from procurement.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.http_urls"
