"""
Write the README's tables of `make bench` results from bench/results.json (SQLite) and
bench/results-postgresql.json (PostgreSQL, when it has been run), between the markers in
its Speed section, so the figures there are always the last run's, not typed.
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
        "| page | queries: anonymous, uncached / signed in | Redis calls, kept | warm: req/s "
        "| warm: × bare plain | warm: × bare fortunes | fragments: req/s "
        "| fragments: × bare fortunes | off: req/s | off: × bare fortunes "
        "| one reader, off, p50 ms |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for page in PAGES:
        if (page, "warm") not in rows:
            continue
        rps = {c: f"{rows[(page, c)]['rps']:,.0f}" if (page, c) in rows else ""
               for c in ("warm", "fragments", "off")}  # fmt: skip
        lines.append(
            f"| {page.replace('_', ' ')} | {rows[(page, 'warm')]['queries']} / "
            f"{rows[(page, 'warm')].get('queries_signed_in', '')} "
            f"| {rows[(page, 'warm')].get('redis_calls_when_kept', '')} | {rps['warm']} "
            f"| {cell(page, 'warm', 'ratio_to_plain')} | {cell(page, 'warm', 'ratio_to_fortunes')} "
            f"| {rps['fragments']} | {cell(page, 'fragments', 'ratio_to_fortunes')} "
            f"| {rps['off']} | {cell(page, 'off', 'ratio_to_fortunes')} "
            f"| {cell(page, 'off', 'one_user_p50_ms')} |"
        )
    lines += ["", "Targets (issue 18):", ""]
    lines += [
        f"- {'met' if met else '**not met**'}: {name}" for name, met in report["targets"].items()
    ]
    return "\n".join(lines)


def main() -> None:
    # results.json is the last run on SQLite; results-postgresql.json on PostgreSQL.
    reports = [
        json.loads(path.read_text())
        for path in (ROOT / "bench" / "results.json", ROOT / "bench" / "results-postgresql.json")
        if path.exists()
    ]
    readme = ROOT / "README.md"
    text = readme.read_text()
    if START not in text or END not in text:
        sys.exit(f"README.md has no {START} … {END} markers to write between.")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    tables = "\n\n".join(table(report) for report in reports)
    readme.write_text(f"{before}{START}\n{tables}\n{END}{after}")
    print("Wrote the speed table in README.md from bench/results.json")


if __name__ == "__main__":
    main()
