#!/usr/bin/env python3
"""Writes the fuzz seed corpora, one folder per target, from the project's fixtures (never committed).

    python3 Fuzz/seeds.py OUT

Sources: Tests/Fixtures, the demo data (bundle, applications), docs/templates, and the small inline fixtures
(Swift multi-line string literals without interpolation) of Tests/OversightFormatsTests, sorted by what they
start with. Targets that prepend a fixed header (acled-*, sipri-*) get the rows after it. Large files are cut
into seeds of a few lines, as libFuzzer works best on small inputs.
"""
import glob, os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = sys.argv[1]
seeds = {}


def add(target, text):
    if isinstance(text, str):
        text = text.encode("utf-8")
    seeds.setdefault(target, []).append(text)


def read(path):
    with open(os.path.join(ROOT, path), "rb") as f:
        return f.read().decode("utf-8", "replace")


def pieces(header, lines, size):
    """The lines after a header, in groups of `size`, each group behind the header."""
    for i in range(0, len(lines), size):
        yield header + "".join(lines[i:i + size])


def after_header(text, marker):
    """The text after the line starting with `marker` (notes before it dropped), or None."""
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.lstrip("\ufeff").startswith(marker):
            return "".join(lines[i + 1:])
    return None


def literals(path):
    """Swift multi-line string literals without interpolation, with their indentation removed."""
    text = read(path)
    for m in re.finditer(r'"""\n(.*?)\n([ \t]*)"""', text, re.S):
        body, indent = m.group(1), m.group(2)
        if "\\(" in body:
            continue
        lines = [l[len(indent):] if l.startswith(indent) else l.lstrip() for l in body.split("\n")]
        body = "\n".join(lines).replace("\\\n", "")
        body = re.sub(r'\\(["\\tnr0])', lambda e: {"t": "\t", "n": "\n", "r": "\r", "0": "\0"}.get(e.group(1), e.group(1)), body)
        yield body + "\n"


ACLED = {"acled-current": "event_id_cnty,event_date,year", "acled-legacy": "data_id,iso,event_id_cnty"}
SIPRI = {"sipri-older": "Recipient,Supplier,Year of order", "sipri-2026": "SIPRI AT Database ID,Supplier,Recipient"}


def classify(text):
    head = text.lstrip("\ufeff \n")
    if head.startswith('{"format":"oversight-bundle"'):
        return "bundle", text
    for target, marker in SIPRI.items():
        rest = after_header(text, marker)
        if rest is not None:
            return target, rest
    for target, marker in ACLED.items():
        if head.startswith(marker):
            return target, after_header(text, marker)
    if "CONSOLIDATED_LIST" in head[:400]:
        return "un-xml", text
    if head.startswith('{"id":') and '"schema":' in head:
        return "ftm", text
    if head.startswith("id,schema,name"):
        return "opensanctions-csv", text
    if head.startswith("full_name") or head.startswith("first_name"):
        return "screening-batch", text
    if head.startswith("name,") or head.startswith("id,name,"):
        return "blocklist", text
    if head.lower().startswith("year,destination") or head.startswith("Year,Destination"):
        return "ca-exports", text
    if head.startswith("unit:id:admin"):
        return "sfm-units", text
    if head.startswith("person:id:admin"):
        return "sfm-persons", text
    if head.startswith("{") and '"exporter"' in head:
        return "application", text
    return None, None


# Files.
for path in sorted(glob.glob(os.path.join(ROOT, "Tests/Fixtures/acled/*.csv"))):
    text = read(path)
    for target, marker in ACLED.items():
        if text.startswith(marker):
            rows = after_header(text, marker).splitlines(keepends=True)
            add(target, "".join(rows))
            for piece in pieces("", rows, 2):
                add(target, piece)
add("sfm-units", read("Tests/Fixtures/sfm/units.csv"))
add("sfm-persons", read("Tests/Fixtures/sfm/persons.csv"))
add("ca-exports", read("docs/templates/ca-exports.csv"))
for name in ["eu-export.csv", "eu-export-bad.csv"]:
    add("eu-export", read("Tests/Fixtures/caat/" + name))
criteria = read("Tests/Fixtures/caat/uk-refusal-criteria.csv")
for name in ["uk-values.csv", "uk-values-bad.csv"]:
    add("uk-licences", read("Tests/Fixtures/caat/" + name))
    add("uk-licences", read("Tests/Fixtures/caat/" + name) + "\x1e" + criteria)
for path in sorted(glob.glob(os.path.join(ROOT, "Sources/OversightDemo/Data/applications/*.json"))):
    add("application", read(os.path.relpath(path, ROOT)))
bundle = read("Sources/OversightDemo/Data/peru-2022-2023.jsonl").splitlines(keepends=True)
for piece in pieces(bundle[0], bundle[1:], 6):
    add("bundle", piece)

# Inline fixtures of the reader tests.
for path in sorted(glob.glob(os.path.join(ROOT, "Tests/OversightFormatsTests/*.swift"))):
    for text in literals(os.path.relpath(path, ROOT)):
        target, body = classify(text)
        if target:
            add(target, body)

# Every target gets at least a trivial seed.
for target in ["bundle", "sfm-units", "sfm-persons", "un-xml", "ftm", "opensanctions-csv", "blocklist",
               "screening-batch", "ca-exports", "application", "eu-export", "uk-licences", *ACLED, *SIPRI]:
    add(target, "\n")

for target, items in sorted(seeds.items()):
    folder = os.path.join(OUT, target)
    os.makedirs(folder, exist_ok=True)
    for i, data in enumerate(items):
        with open(os.path.join(folder, "seed-%03d" % i), "wb") as f:
            f.write(data)
    print("%-18s %3d seeds" % (target, len(items)))
