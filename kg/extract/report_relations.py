"""Who released a report, where and when: A、B联合发布《…》, 由A编制, 在X上发布, 会上…发布 (publisher,
releasedBy, releasedAt, releaseDate facts), and the account's organisation for a report in the title."""
from __future__ import annotations

from kg.extract.context import Context
from kg.extract.event_relations import window_start
from kg.extract.event_times import EventDates
from kg.extract.relation_rules import RelationRules
from kg.extract.sentences import DateSpan, Occurrence, Sentence, in_title, last, main_event, outermost
from kg.model import DateValue, Mention, PostValue


def releases(ctx: Context, r: RelationRules, s: Sentence, all_occ: list[Occurrence],
             event_dates: EventDates) -> None:
    text, start, end = ctx.text, s.start, s.end
    for verb in r.publish.finditer(text, start, end):
        reports = [o.mention for o in s.occ if o.mention.type == "Report"]
        if not reports:
            continue
        subject_window = window_start(text, r, start, verb.start()) if "由" in text[start:verb.start()] else start
        before = [o for o in s.occ if subject_window <= o.start and o.end <= verb.start()
                  and o.mention.type in ("Organization", "Person")]
        publishers = _publishers(text, r, before, subject_window)
        person = next((o.mention for o in reversed(before) if o.mention.type == "Person"), None)
        if person is not None:
            org = _post_org(ctx, person)
            if org is not None and org not in publishers:
                publishers.append(org)
        event = _release_event(ctx, r, s.occ, all_occ, start, verb.start())
        release_date = _release_date(s.dates, verb.start(), event, text[start:end], r, event_dates)
        for report in reports:
            for org in publishers:
                ctx.add_fact(report, "publisher", org)
            if person is not None:
                ctx.add_fact(report, "releasedBy", person)
            if event is not None:
                ctx.add_fact(report, "releasedAt", event)
            if release_date is not None:
                ctx.add_fact(report, "releaseDate", release_date)


def possessive_publishers(ctx: Context, r: RelationRules, s: Sentence) -> None:
    """X的《R》 / X最新发布的《R》: the organisation right before a report, joined by 的, published it."""
    occ = sorted(s.occ, key=lambda o: (o.start, -o.end))
    for org, report in zip(occ, occ[1:]):
        if org.mention.type == "Organization" and report.mention.type == "Report" \
                and r.possessive.fullmatch(ctx.text, org.end, report.start):
            ctx.add_fact(report.mention, "publisher", org.mention)


def _publishers(text: str, r: RelationRules, before: list[Occurrence], window: int) -> list[Mention]:
    orgs = outermost([o for o in before if o.mention.type == "Organization"
                      and not r.parent_marker.match(text, o.end)])
    if "由" in text[max(0, window - 1):window]:
        return [o.mention for o in orgs]
    # Without '由', the publisher is the subject: the last organisation before the verb, with those
    # coordinated with it (A、B和C联合发布).
    if not orgs:
        return []
    subject = [orgs[-1]]
    for o in reversed(orgs[:-1]):
        if not r.coordination.fullmatch(text, o.end, subject[0].start):
            break
        subject.insert(0, o)
    return [o.mention for o in subject]


def _post_org(ctx: Context, person: Mention) -> Mention | None:
    by_id = {m.id: m for m in ctx.mentions}
    for f in ctx.facts_about(person):
        if isinstance(f.obj, PostValue) and f.obj.org:
            return by_id.get(f.obj.org[1:])
    return None


def _release_event(ctx: Context, r: RelationRules, occ: list[Occurrence], all_occ: list[Occurrence], start: int,
                   verb_start: int) -> Mention | None:
    """'在EVENT上发布': a named event, or a back-reference (大会闭幕式) to the last event named before;
    '会上，X发布…' / '大会期间发布': the last event named before, else the article's main event."""
    text = ctx.text
    at = text.rfind("在", start, verb_start)
    if at < 0:
        if r.release_at_reference.search(text, start, verb_start):
            earlier = last([o for o in all_occ if o.mention.type == "Event" and o.end <= start])
            return earlier.mention if earlier is not None else main_event(ctx)
        return None
    named = [o for o in occ if o.mention.type == "Event" and at < o.start and o.end <= verb_start]
    if named:
        return named[0].mention
    if r.event_reference.search(text, at, verb_start):
        earlier = last([o for o in all_occ if o.mention.type == "Event" and o.end <= at])
        if earlier is not None:
            return earlier.mention
    return None


def _release_date(dates: list[DateSpan], verb_start: int, event: Mention | None, sentence: str, r: RelationRules,
                  event_dates: EventDates) -> DateValue | None:
    before = [d for d in dates if d[1] <= verb_start]
    if before:
        return before[-1][2]
    if event is None or event.id not in event_dates:
        return None
    start_v, end_v = event_dates[event.id]
    if r.closing.search(sentence):
        return end_v
    if r.opening.search(sentence):
        return start_v
    return start_v if start_v == end_v else None


def account_reports(ctx: Context) -> None:
    """A report named in the title with no stated publisher: the account's own organisation.

    The account's organisation is the organisation mention that the account name starts with
    (深信服千里目安全技术中心 -> 深信服), so vendor research posted on a vendor's account is credited.
    """
    account = ctx.clean.doc.account or ""
    if not account:
        return
    owners = [m for m in ctx.mentions if m.type == "Organization" and len(m.label) >= 2
              and account.startswith(m.label)]
    if not owners:
        return
    owner = max(owners, key=lambda m: len(m.label))
    published = {f.subject for f in ctx.facts if f.prop == "publisher"}
    for m in ctx.mentions:
        if m.type == "Report" and m.id not in published and in_title(ctx, m):
            ctx.add_fact(m, "publisher", owner)
