"""Batch analysis at scale: the same pipeline over a corpus, in-process or
on a Dask cluster, into partitioned Parquet and the store (``parallax batch``).

- :mod:`.sources`: CORPUS (folder, glob, JSONL, Parquet, URL list) as items;
- :mod:`.work`: what a worker does with a partition (batched spaCy pass);
- :mod:`.output`: Parquet datasets and the store, one transaction per partition;
- :mod:`.run`: the engines (local, Dask) and the driver.
"""

from __future__ import annotations

from .run import ENGINES, BatchRun, BatchSummary
from .sources import collect
from .work import (
           Item,
           Outcome,
           WorkOptions,
           analyse_many,
           parse_many,
           process_partition,
)

__all__ = ["ENGINES", "BatchRun", "BatchSummary", "Item", "Outcome", "WorkOptions", "analyse_many", "collect",
           "parse_many", "process_partition"]
