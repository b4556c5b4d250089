"""Build an extraction context from a short sentence, for extractor tests."""
from kg.clean import clean
from kg.extract import dates
from kg.extract.context import Context
from kg.model import SourceDoc


def context(body: str, title: str = "标题", published: str | None = "2024-07-13") -> Context:
    doc = SourceDoc(source_file="t.md", shape="wechat-md", title=title, body=body, date_published=published)
    ctx = Context.for_doc(clean(doc))
    dates.run(ctx)
    return ctx


def mentions(ctx: Context, type_: str) -> dict[str, set[str]]:
    return {m.label: m.alt_labels for m in ctx.mentions if m.type == type_}
