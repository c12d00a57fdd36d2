"""A renderer-neutral report: sections holding text, tables and figures."""
from dataclasses import dataclass, field


@dataclass
class Text:
    text: str


@dataclass
class Table:
    title: str
    columns: list
    rows: list            # list of lists of str (already formatted)
    note: str = ""


@dataclass
class Figure:
    stem: str             # figures/<stem>.png and .svg, relative to the report dir
    title: str
    caption: str

    @property
    def png(self):
        return f"figures/{self.stem}.png"

    @property
    def svg(self):
        return f"figures/{self.stem}.svg"


@dataclass
class Section:
    id: str
    title: str
    blocks: list = field(default_factory=list)
    subsections: list = field(default_factory=list)


@dataclass
class Document:
    title: str
    intro: list
    sections: list
