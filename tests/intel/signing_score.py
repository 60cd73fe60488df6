"""Score signing records against gold records (issue 13 §4: project name, place, amount).

Gold: ``GOLD_DIR/signings/<doc-stem>.jsonl``, one record a line with ``project``,
``enterprise``, ``place``, ``amount``, ``currency`` and ``count`` (null where the text gives
none); a single project has ``project`` set, a batch ``count``. An empty file says the
document holds no signing. Predictions come from ingest's own path
(``parkatlas.intel.ingest.prepare_document``), so HTML pages are read as ingest reads them.

Matching, per document, one to one: a predicted record matches a gold one of the same kind
(single or batch) when, for a single, the project names agree (case, spaces and punctuation
ignored; one may contain the other) or the amounts agree (within 0.5 %); for a batch, the
counts agree. Reported: precision, recall and F1 over records; over the matched pairs, the
accuracy of ``project``, ``enterprise``, ``place`` (containment as for names) and
``amount`` (within 0.5 %, null equals only null).

Usage: ``python -m tests.intel.signing_score GOLD_DIR`` (documents in ``GOLD_DIR/docs``).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

FIELDS = ("project", "enterprise", "place", "amount")
_RX_NOISE = re.compile(r"[\s\W_]+")


def _norm(s: str | None) -> str | None:
    return None if s is None else _RX_NOISE.sub("", s).lower()


def _same_name(a: str | None, b: str | None) -> bool:
    na, nb = _norm(a), _norm(b)
    if na is None or nb is None or not na or not nb:
        return (na or None) is None and (nb or None) is None
    return na in nb or nb in na


def _same_amount(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 0.005 * abs(b)


def _matches(p: dict[str, Any], g: dict[str, Any]) -> bool:
    if (g.get("count") is not None) != (p.get("project") is None):
        return False
    if g.get("project") is None:
        return p.get("count") is not None and p.get("count") == g.get("count")
    return _same_name(p.get("project"), g.get("project")) or (
        g.get("amount") is not None and _same_amount(p.get("amount"), g.get("amount"))
    )


def predict(doc: Path) -> list[dict[str, Any]]:
    from parkatlas.intel.ingest import prepare_document
    from parkatlas.intel.store import PreparedDocument

    got = prepare_document(str(doc))
    return list(got.signings) if isinstance(got, PreparedDocument) else []


def score(gold_dir: Path) -> dict[str, Any]:
    tp = n_pred = n_gold = 0
    right = dict.fromkeys(FIELDS, 0)
    errors: list[str] = []
    docs = {p.stem: p for p in (gold_dir / "docs").iterdir()}
    for gold_file in sorted((gold_dir / "signings").glob("*.jsonl")):
        gold = [json.loads(x) for x in gold_file.read_text(encoding="utf-8").splitlines() if x]
        preds = predict(docs[gold_file.stem])
        n_gold += len(gold)
        n_pred += len(preds)
        free = list(range(len(preds)))
        for g in gold:
            k = next((i for i in free if _matches(preds[i], g)), None)
            if k is None:
                errors.append(f"{gold_file.stem}: missed {g}")
                continue
            free.remove(k)
            p = preds[k]
            tp += 1
            for f in FIELDS:
                ok = (
                    _same_amount(p.get(f), g.get(f))
                    if f == "amount"
                    else _same_name(p.get(f), g.get(f))
                )
                right[f] += ok
                if not ok:
                    errors.append(f"{gold_file.stem}: {f} gold={g.get(f)!r} pred={p.get(f)!r}")
        for i in free:
            p = preds[i]
            errors.append(
                f"{gold_file.stem}: spurious {p.get('project')!r} {p.get('count')} {p.get('amount')}"
            )
    precision = tp / n_pred if n_pred else float(not n_gold)
    recall = tp / n_gold if n_gold else float(not n_pred)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "gold": n_gold,
        "predicted": n_pred,
        "matched": tp,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "fields": {f: (right[f] / tp if tp else 0.0) for f in FIELDS},
        "errors": errors,
    }


def format_report(result: dict[str, Any]) -> str:
    lines = [
        f"signings gold {result['gold']}  predicted {result['predicted']}  matched "
        f"{result['matched']}  P {result['precision']:.3f}  R {result['recall']:.3f}  "
        f"F1 {result['f1']:.3f}",
        "  " + "  ".join(f"{f} {a:.3f}" for f, a in result["fields"].items()),
        *result["errors"],
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(format_report(score(Path(sys.argv[1]))) + "\n")
