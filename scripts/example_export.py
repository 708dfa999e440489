"""Write the worked example's input: a news export (CSV) and a groups file, made from the
shared GGT development corpus (83 Canadian news articles from 7 outlets, December 2018 to
February 2019; evaluation use only, so it is built here, never copied into the repository).

    python scripts/example_export.py [--ggt ../shared/benchmarks/quotes-ggt] [--out example]

The export looks like one from a media-monitoring tool: columns `Source`, `Published At`
(a timestamp with the Toronto offset, 10:00 local time), `Link`, `Body`, and an `ID`. The
groups are made up for the example, and leave one outlet out on purpose, so that the import
shows how it reports an outlet the groups file does not list.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from analysis.paths import GGT, ROOT

GROUPS = {  # made up for the example; Global News is left out on purpose
    "The Globe And Mail": "national press",
    "NationalPost": "national press",
    "TheStar": "metro press",
    "HuffingtonPost": "digital",
    "CBC News": "broadcasters",
    "CTVNews": "broadcasters",
}


def write_example(ggt: Path, out: Path) -> tuple[Path, Path]:
    """`out/export.csv` and `out/groups.csv` from the GGT corpus at `ggt`; their paths."""
    corpus = Path(ggt) / "corpus"
    with (corpus / "manifest.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    export, groups = out / "export.csv", out / "groups.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ID", "Source", "Published At", "Link", "Body"])
        for row in rows:
            text = (corpus / row["file"]).read_text(encoding="utf-8")
            link = f"https://example.org/{row['outlet'].casefold().replace(' ', '-')}/{row['doc_id']}"
            writer.writerow([row["doc_id"], row["outlet"], f"{row['published']}T10:00:00-05:00", link, text])
    with groups.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["outlet", "group"])
        writer.writerows(sorted(GROUPS.items()))
    return export, groups


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ggt", type=Path, default=GGT, help="the shared GGT set (with corpus/)")
    parser.add_argument("--out", type=Path, default=ROOT / "example", help="folder for export.csv and groups.csv")
    args = parser.parse_args()
    if not (args.ggt / "corpus" / "manifest.csv").is_file():
        raise SystemExit(f"error: the GGT corpus is not at {args.ggt / 'corpus'}")
    export, groups = write_example(args.ggt, args.out)
    print(f"wrote {export} and {groups}")


if __name__ == "__main__":
    main()
