"""
Write the README's table of `make bench` results from bench/results.json, between the
markers in its Speed section, so the figures there are always the last run's, not typed.
`make bench` runs it after bench/run.py; run it alone to redo the table.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
PAGES = (
    "site_plain", "site_fortunes", "home", "article", "hub", "story_list", "story",
    "story_list_indication", "story_list_deep", "search_selective", "search_common",
)  # fmt: skip


def table(report: dict) -> str:
    rows = {(r["page"], r["cache"]): r for r in report["rows"]}

    def cell(page, cache, key):
        row = rows.get((page, cache))
        return "" if row is None or row.get(key) is None else f"{row[key]:.2f}"

    base = {cache: (rows[("plain", cache)]["rps"], rows[("fortunes", cache)]["rps"])
            for cache in ("warm", "fragments", "off")}  # fmt: skip
    lines = [
        f"Last run: {report['machine']}, Django {report.get('django', '?')}, "
        f"{report['database']}, {report['stories']:,} stories, {report.get('workers', '?')} "
        f"gunicorn workers each, medians of {report['repeats']} runs of {report['seconds']} s. "
        "Bare Django answered (plain / fortunes, req/s): "
        + "; ".join(f"{cache} run {p:,.0f} / {f:,.0f}" for cache, (p, f) in base.items())
        + ".",
        "",
        "| page | queries | warm: × bare plain | warm: × bare fortunes "
        "| fragments: × bare fortunes | off: × bare fortunes | one reader, off, p50 ms |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for page in PAGES:
        if (page, "warm") not in rows:
            continue
        lines.append(
            f"| {page.replace('_', ' ')} | {rows[(page, 'warm')]['queries']} "
            f"| {cell(page, 'warm', 'ratio_to_plain')} | {cell(page, 'warm', 'ratio_to_fortunes')} "
            f"| {cell(page, 'fragments', 'ratio_to_fortunes')} "
            f"| {cell(page, 'off', 'ratio_to_fortunes')} | {cell(page, 'off', 'one_user_p50_ms')} |"
        )
    lines += ["", "Targets (issue 18):", ""]
    lines += [
        f"- {'met' if met else '**not met**'}: {name}" for name, met in report["targets"].items()
    ]
    return "\n".join(lines)


def main() -> None:
    report = json.loads((ROOT / "bench" / "results.json").read_text())
    readme = ROOT / "README.md"
    text = readme.read_text()
    if START not in text or END not in text:
        sys.exit(f"README.md has no {START} … {END} markers to write between.")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    readme.write_text(f"{before}{START}\n{table(report)}\n{END}{after}")
    print("Wrote the speed table in README.md from bench/results.json")


if __name__ == "__main__":
    main()
