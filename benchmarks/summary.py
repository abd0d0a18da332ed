#!/usr/bin/env python3
"""The summary table of ./bench all: reads the rows the benchmarks added to RESULTS (one per round of a goal, tab
separated: id, what, reference, goal, value, absolute; '@database' lines: source, settings) and prints one Markdown
table of medians, spreads and verdicts, with the host and the database settings they ran with.

  summary.py RESULTS
"""
import platform
import statistics
import subprocess
import sys
from collections import OrderedDict


def host():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    except (OSError, IndexError):
        java = "java unknown"
    cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return f"{cpu}, {cores} cores, Linux {platform.release()}, {java}"


# goals that hold in every round, not on average: judged on the worst round
WORST_ROUND = {"heap", "load-errors", "load-p99"}


def verdict(goal, value):
    if goal in ("-", ""):
        return "(reported)"
    op, target = goal.split()
    target = float(target)
    return "MET" if (value <= target if op == "<=" else value >= target) else "MISSED"


def number(value):
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:.0f}"
    return f"{value:.3f}"


def key_of(entry):
    return entry["key"]


def cell(text):
    """A Markdown table cell: the shell pipelines' bars escaped."""
    return text.replace("|", "\\|")


def main(path):
    goals = OrderedDict()
    databases = OrderedDict()
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if fields[0] == "@database":
                databases[fields[1]] = fields[2]
                continue
            if len(fields) < 6:
                continue
            key, what, reference, goal, value, absolute = fields[:6]
            entry = goals.setdefault(
                key, {"key": key, "what": what, "reference": reference, "goal": goal, "rounds": []})
            entry["rounds"].append((float(value), absolute))
    if not goals:
        print(f"summary.py: no results in {path}", file=sys.stderr)
        return 1
    print("## Summary (`./bench all`)")
    print()
    print(f"- host: {host()}")
    for source, settings in databases.items():
        print(f"- database, {source}: {settings}")
    print("- ratios are ours / the reference, measured in the same run; the verdict is on the median, for the heap,"
          " errors and p99 on the worst round")
    print()
    print("| what | reference in the same run | goal | median | spread (min – max) | rounds | verdict | median round |")
    print("| --- | --- | --- | ---: | --- | ---: | --- | --- |")
    missed = 0
    for entry in goals.values():
        values = sorted(v for v, _ in entry["rounds"])
        median = statistics.median(values)
        judged = median
        if key_of(entry) in WORST_ROUND:
            judged = values[-1] if entry["goal"].startswith("<=") else values[0]
        middle = sorted(entry["rounds"], key=lambda r: r[0])[(len(values) - 1) // 2][1]
        result = verdict(entry["goal"], round(judged, 3))
        missed += result == "MISSED"
        print(f"| {cell(entry['what'])} | {cell(entry['reference'])} | {entry['goal']} | {number(median)} "
              f"| {number(values[0])} – {number(values[-1])} | {len(values)} | **{result}** | {cell(middle)} |")
    print()
    print(f"{len(goals)} rows, {missed} goal(s) missed")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
