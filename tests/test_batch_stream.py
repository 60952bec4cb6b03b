"""parallax batch reads JSONL and Parquet corpora as streams: a file of a
million articles never needs its size in memory (issue #9).

Generated files of 20,000 articles (about 40 MB of text) are read through
``collect`` while the memory that reading allocates is measured (Python's
allocations with tracemalloc; Arrow's own pool for Parquet): it must stay a
small fraction of the file. Partitions are cut as items stream in."""

from __future__ import annotations

import json
import random
import tracemalloc
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from parallax.batch.run import partitions
from parallax.batch.sources import collect

RECORDS = 20_000
WORDS = ("the", "mission", "reported", "shelling", "near", "Dorva", "on", "Tuesday", "officials", "said",
         "forces", "of", "Ostmark", "denied", "any", "attack", "three", "people", "were", "wounded")


def _records(n: int):
    rng = random.Random(5)
    for i in range(n):
        text = " ".join(rng.choice(WORDS) for _ in range(330)) + "."
        yield {"id": f"a{i}", "url": f"https://news.example/{i}", "publisher": "Example Wire",
               "date": f"2031-03-0{1 + i % 9}", "text": text}


@pytest.fixture(scope="module")
def jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stream") / "articles.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for r in _records(RECORDS):
            fh.write(json.dumps(r) + "\n")
        fh.write("{not json\n")
    return path


@pytest.fixture(scope="module")
def parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stream") / "articles.parquet"
    schema = pa.schema([(k, pa.string()) for k in ("id", "url", "publisher", "date", "text")])
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        chunk: list[dict] = []
        for r in _records(RECORDS):
            chunk.append(r)
            if len(chunk) == 2_000:  # ten row groups
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                chunk = []
    return path


def _text_bytes(path: Path) -> int:
    return sum(len(r["text"]) for r in _records(RECORDS))


def test_jsonl_is_read_as_a_stream(jsonl: Path) -> None:
    corpus = collect(str(jsonl))
    assert not isinstance(corpus.items, list)
    assert len(corpus.items) == RECORDS + 1  # counted without parsing
    tracemalloc.start()
    try:
        count, errors, last = 0, 0, None
        for item in corpus.items:
            count += 1
            errors += item.kind == "error"
            last = item
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (count, errors) == (RECORDS + 1, 1)
    assert last is not None and last.key.endswith(f":{RECORDS + 1}")
    size = jsonl.stat().st_size
    assert size > 40_000_000
    assert peak < size / 20, f"reading allocated {peak} bytes at its peak for a {size}-byte file"
    # Iterable again (the driver counts, then reads).
    assert next(iter(corpus.items)).key == "https://news.example/0"


def test_parquet_is_read_as_a_stream(parquet: Path) -> None:
    corpus = collect(str(parquet))
    assert not isinstance(corpus.items, list)
    assert len(corpus.items) == RECORDS  # from the footer
    text_bytes = _text_bytes(parquet)
    pool = pa.default_memory_pool()
    arrow_peak, count = 0, 0
    base = pool.bytes_allocated()
    tracemalloc.start()
    try:
        for item in corpus.items:
            count += 1
            if count % 500 == 0:
                arrow_peak = max(arrow_peak, pool.bytes_allocated() - base)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == RECORDS and item.key == f"https://news.example/{RECORDS - 1}"
    assert peak < text_bytes / 20, f"Python: {peak} bytes at the peak for {text_bytes} bytes of text"
    # Reading the table whole would hold all the text (> text_bytes); a stream
    # holds about a row group's compressed column chunk and a batch of rows.
    assert arrow_peak < text_bytes / 5, f"Arrow: {arrow_peak} bytes for {text_bytes} bytes of text"


def test_partitions_are_cut_as_items_arrive() -> None:
    pulled = []

    def items():
        for i in range(10):
            pulled.append(i)
            yield i

    parts = partitions(items(), 4)
    assert next(parts) == [0, 1, 2, 3] and len(pulled) == 4  # nothing read ahead
    assert list(parts) == [[4, 5, 6, 7], [8, 9]]


def test_a_bad_parquet_file_is_a_reason(tmp_path: Path) -> None:
    from parallax.errors import ReadError

    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"PAR1 not really")
    with pytest.raises(ReadError, match="cannot read the Parquet file"):
        collect(str(bad))
