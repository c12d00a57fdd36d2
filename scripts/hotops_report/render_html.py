"""Document -> one self-contained HTML page (PNG figures embedded as base64, SVG linked)."""
import base64
from html import escape

from .claims import verdicts as v
from .document import Figure, Table, Text

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2em auto;max-width:1400px;color:#222;padding:0 1em}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.6em 0 1.4em;font-size:.82em}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}tr:nth-child(even) td{background:#fafafa}
figure{margin:1em 0 2em}figure img{max-width:100%;border:1px solid #eee}
figcaption{font-size:.85em;color:#444;max-width:1100px}
.caption{font-weight:600;margin-top:1em}.note{font-size:.8em;color:#555}
.v-reproduced,.v-consistent{background:#e3f4e1!important}.v-partially,.v-direction{background:#fff5d6!important}
.v-not-reproduced{background:#fbe3e1!important}.v-inconclusive,.v-not-measurable{background:#eee!important}
nav a{margin-right:1em}
"""

VERDICT_CLASSES = {v.REPRODUCED: "v-reproduced", v.CONSISTENT_WITH_BOUND: "v-consistent", v.PARTIAL: "v-partially",
                   v.DIRECTION: "v-direction", v.NOT_REPRODUCED: "v-not-reproduced", v.INCONCLUSIVE: "v-inconclusive",
                   v.NOT_MEASURABLE: "v-not-measurable"}


def _cell(value):
    s = str(value)
    cls = VERDICT_CLASSES.get(s)
    return f'<td class="{cls}">{escape(s)}</td>' if cls else f"<td>{escape(s)}</td>"


def _table(t):
    head = "".join(f"<th>{escape(str(c))}</th>" for c in t.columns)
    body = "".join("<tr>" + "".join(_cell(v) for v in row) + "</tr>" for row in t.rows)
    note = f'<p class="note">{escape(t.note)}</p>' if t.note else ""
    return f'<p class="caption">{escape(t.title)}</p><table><thead><tr>{head}</tr></thead>' \
           f"<tbody>{body}</tbody></table>{note}"


def _figure(f, outdir):
    data = base64.b64encode((outdir / f.png).read_bytes()).decode("ascii")
    return (f'<figure><img alt="{escape(f.title)}" src="data:image/png;base64,{data}">'
            f'<figcaption>{escape(f.caption)} <a href="{escape(f.svg)}">SVG</a></figcaption></figure>')


def _block(b, outdir):
    if isinstance(b, Text):
        return f"<p>{escape(b.text)}</p>"
    if isinstance(b, Table):
        return _table(b)
    if isinstance(b, Figure):
        return _figure(b, outdir)
    raise TypeError(f"unknown block {type(b).__name__}")


def render(doc, outdir):
    """outdir: where the figure files were written (read back to embed them)."""
    parts = [f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{escape(doc.title)}</title>"
             f"<style>{CSS}</style></head><body><h1>{escape(doc.title)}</h1>"]
    parts += [_block(b, outdir) for b in doc.intro]
    parts.append("<nav>" + "".join(f'<a href="#{s.id}">{escape(s.title)}</a>' for s in doc.sections) + "</nav>")
    for s in doc.sections:
        parts.append(f'<section id="{s.id}"><h2>{escape(s.title)}</h2>')
        parts += [_block(b, outdir) for b in s.blocks]
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
