"""Document -> Markdown (figures referenced relatively: figures/<stem>.png, SVG linked unless published)."""
from .document import Figure, Table, Text


def _cell(s):
    return str(s).replace("|", "\\|").replace("\n", " ")


def _table(t):
    out = [f"**{t.title}**", "", "| " + " | ".join(map(_cell, t.columns)) + " |",
           "|" + "---|" * len(t.columns)]
    out += ["| " + " | ".join(map(_cell, row)) + " |" for row in t.rows]
    if t.note:
        out += ["", f"_{t.note}_"]
    return out


def _block(b, svg_links=True):
    if isinstance(b, Text):
        return [b.text]
    if isinstance(b, Table):
        return _table(b)
    if isinstance(b, Figure):
        return [f"![{b.title}]({b.png})", "", f"_{b.caption}_" + (f" ([SVG]({b.svg}))" if svg_links else "")]
    raise TypeError(f"unknown block {type(b).__name__}")


def render(doc, svg_links=True):
    lines = [f"# {doc.title}", ""]
    for b in doc.intro:
        lines += _block(b, svg_links) + [""]
    lines += ["Contents: " + " · ".join(f"[{s.title}](#{s.id})" for s in doc.sections), ""]
    for s in doc.sections:
        lines += [f'<a id="{s.id}"></a>', "", f"## {s.title}", ""]
        for b in s.blocks:
            lines += _block(b, svg_links) + [""]
    return "\n".join(lines).rstrip() + "\n"
