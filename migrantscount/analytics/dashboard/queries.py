"""The campaign dashboard's tables, read from social (deliveries, accounts, metric
snapshots), the reach counts and the survey results; each is a `Table` that the view
draws as a chart beside its rows and offers as CSV."""

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from migrantscount.social.models import (
    Account,
    Delivery,
    MetricSnapshot,
    Network,
    Post,
)

from .. import counting
from ..models.reach import PageViewCount

Label = str | Promise
TOP = 15
METRICS = ("likes", "reposts", "replies", "quotes", "views")
HASHTAGS = ("#MigrantesCuentan", "#MigrantsCount")
# A referrer domain that names a network (Mastodon servers are too many to list:
# their visits are known by utm_source).
REFERRER_NETWORKS = {
    "bsky.app": Network.BLUESKY,
    "t.co": Network.X,
    "x.com": Network.X,
    "twitter.com": Network.X,
    "facebook.com": Network.FACEBOOK,
    "m.facebook.com": Network.FACEBOOK,
    "l.facebook.com": Network.FACEBOOK,
    "lm.facebook.com": Network.FACEBOOK,
    "instagram.com": Network.INSTAGRAM,
    "l.instagram.com": Network.INSTAGRAM,
    "threads.net": Network.THREADS,
    "threads.com": Network.THREADS,
    "linkedin.com": Network.LINKEDIN,
    "lnkd.in": Network.LINKEDIN,
}
NETWORK_LABELS = dict(Network.choices)
DIRECT = _("Direct or unknown")
INTERNAL = _("Within this site")
OTHER_SITES = _("Other sites")


@dataclass
class Table:
    """Rows under labelled columns; `chart` names the label and value columns drawn."""

    key: str
    title: Label
    columns: list[tuple[str, Label]]
    rows: list[dict[str, Any]]
    chart: tuple[str, str] | None = None
    note: Label = ""
    links: dict[int, str] = field(default_factory=dict)

    def cells(self) -> list[list[Any]]:
        return [[row.get(key, "") for key, _label in self.columns] for row in self.rows]


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def bounds(self) -> tuple[datetime, datetime]:
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, zone),
            datetime.combine(self.end + timedelta(days=1), time.min, zone),
        )


# -- delivery health -----------------------------------------------------------------
HEALTH_STATUSES = (
    Delivery.Status.SCHEDULED,
    Delivery.Status.PUBLISHED,
    Delivery.Status.FAILED,
    Delivery.Status.UNCONFIRMED,
    Delivery.Status.MANUAL_TAKEDOWN,
)


def delivery_health(period: Period) -> Table:
    start, end = period.bounds()
    counts = dict(
        Delivery.objects.filter(due_at__gte=start, due_at__lt=end)
        .values_list("status")
        .annotate(number=Count("pk"))
    )
    rows = [
        {"status": status.label, "deliveries": counts.get(status.value, 0)}
        for status in HEALTH_STATUSES
    ]
    return Table(
        "delivery_health",
        _("Deliveries due in the period, by status"),
        [("status", _("Status")), ("deliveries", _("Deliveries"))],
        rows,
        chart=("status", "deliveries"),
    )


def accounts_to_reconnect() -> Table:
    rows = [
        {
            "network": account.get_platform_display(),
            "account": account.handle,
            "message": account.status_message,
        }
        for account in Account.objects.filter(
            status=Account.Status.NEEDS_RECONNECT
        ).order_by("platform", "handle")
    ]
    return Table(
        "reconnect",
        _("Accounts needing reconnection"),
        [
            ("network", _("Network")),
            ("account", _("Account")),
            ("message", _("Network's message")),
        ],
        rows,
    )


def dispatch_lag(period: Period) -> Table:
    """Minutes from due to published, per network (median and the slowest 5%)."""
    start, end = period.bounds()
    lags: dict[str, list[float]] = defaultdict(list)
    published = Delivery.objects.filter(
        published_at__gte=start, published_at__lt=end, published_at__isnull=False
    ).values_list("account__platform", "due_at", "published_at")
    for platform, due_at, published_at in published:
        if published_at is None:
            continue
        lags[platform].append(max((published_at - due_at).total_seconds(), 0) / 60)
    rows = []
    for platform, minutes in sorted(lags.items()):
        minutes.sort()
        slowest = minutes[min(len(minutes) - 1, int(len(minutes) * 0.95))]
        rows.append(
            {
                "network": NETWORK_LABELS.get(platform, platform),
                "published": len(minutes),
                "median": round(statistics.median(minutes), 1),
                "p95": round(slowest, 1),
            }
        )
    return Table(
        "dispatch_lag",
        _("Dispatch lag: minutes from due time to publication"),
        [
            ("network", _("Network")),
            ("published", _("Published")),
            ("median", _("Median (minutes)")),
            ("p95", _("95th percentile (minutes)")),
        ],
        rows,
        chart=("network", "median"),
    )


# -- reach on the networks -----------------------------------------------------------
@dataclass
class Reached:
    delivery: Delivery
    metrics: dict[str, int]


def published_with_metrics(period: Period) -> list[Reached]:
    """Deliveries published in the period with their latest snapshot's counts."""
    start, end = period.bounds()
    deliveries = list(
        Delivery.objects.filter(published_at__gte=start, published_at__lt=end)
        .select_related("post", "post__story", "account")
        .prefetch_related("account__countries")
    )
    latest: dict[int, MetricSnapshot] = {}
    for snapshot in MetricSnapshot.objects.filter(
        delivery__in=[delivery.pk for delivery in deliveries]
    ).order_by("delivery_id", "taken_at"):
        latest[snapshot.delivery_id] = snapshot
    reached = []
    for delivery in deliveries:
        found = latest.get(delivery.pk)
        reached.append(
            Reached(
                delivery,
                {
                    name: int(getattr(found, name) or 0) if found else 0
                    for name in METRICS
                },
            )
        )
    return reached


def hashtag_of(text: str) -> str:
    for hashtag in HASHTAGS:
        if hashtag.lower() in text.lower():
            return hashtag
    return str(_("No hashtag"))


def is_interview(delivery: Delivery) -> bool:
    """A post whose link leads to a live interview's page (events: /<lang>/interviews/)."""
    parts = [
        part for part in urlsplit(delivery.post.link or "").path.split("/") if part
    ]
    return len(parts) >= 2 and parts[1] == "interviews"


def content_type_of(delivery: Delivery) -> str:
    if delivery.post.source_kind == Post.SourceKind.FREE_TEXT and is_interview(
        delivery
    ):
        return str(_("Live interview"))
    return str(delivery.post.get_source_kind_display())


def _countries(delivery: Delivery) -> list[str]:
    names = [str(country) for country in delivery.account.countries.all()]
    return names or [str(_("No audience country"))]


GROUPINGS: dict[str, tuple[Label, Callable[[Delivery], list[str]]]] = {
    "network": (_("Network"), lambda d: [d.account.get_platform_display()]),
    "language": (_("Language"), lambda d: [d.language]),
    "country": (_("Audience country"), _countries),
    "content": (_("Content type"), lambda d: [content_type_of(d)]),
    "hashtag": (_("Hashtag"), lambda d: [hashtag_of(d.sent_text)]),
}
REACH_TITLES: dict[str, Label] = {
    "network": _("Reach on the networks, by network"),
    "language": _("Reach on the networks, by language"),
    "country": _("Reach on the networks, by audience country"),
    "content": _("Reach on the networks, by content type"),
    "hashtag": _("Reach on the networks, by hashtag"),
}


def _metric_columns() -> list[tuple[str, Label]]:
    return [
        ("posts", _("Published posts")),
        ("likes", _("Likes")),
        ("reposts", _("Reposts")),
        ("replies", _("Replies")),
        ("quotes", _("Quotes")),
        ("views", _("Views (where reported)")),
    ]


def reach_by(grouping: str, reached: list[Reached]) -> Table:
    label, keys_of = GROUPINGS[grouping]
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for item in reached:
        for key in keys_of(item.delivery):
            totals[key]["posts"] += 1
            for name, value in item.metrics.items():
                totals[key][name] += value
    rows = [
        {"group": key, **values}
        for key, values in sorted(totals.items(), key=lambda pair: -pair[1]["posts"])
    ]
    note: Label = ""
    if grouping == "country":
        note = _("A post to an account with several audience countries counts in each.")
    return Table(
        f"reach_{grouping}",
        REACH_TITLES[grouping],
        [("group", label), *_metric_columns()],
        rows,
        chart=("group", "reposts"),
        note=note,
    )


def most_shared(reached: list[Reached]) -> Table:
    """Stories and data facts by reposts, then by the posts that carried them."""
    totals: dict[tuple[str, str], dict[str, int]] = defaultdict(
        lambda: defaultdict(int)
    )
    for item in reached:
        post = item.delivery.post
        if post.story_id is not None:
            key = (str(_("Story")), post.story.title if post.story else str(post))
        elif post.fact_id:
            key = (str(_("Data fact")), post.fact_id)
        else:
            continue
        totals[key]["posts"] += 1
        totals[key]["reposts"] += item.metrics["reposts"]
        totals[key]["likes"] += item.metrics["likes"]
    ordered = sorted(totals.items(), key=lambda pair: (-pair[1]["reposts"], pair[0]))
    rows = [
        {"kind": kind, "item": name, **values} for (kind, name), values in ordered[:TOP]
    ]
    return Table(
        "most_shared",
        _("Most shared stories and data facts"),
        [
            ("kind", _("Type")),
            ("item", _("Story or fact")),
            ("posts", _("Published posts")),
            ("reposts", _("Reposts")),
            ("likes", _("Likes")),
        ],
        rows,
        chart=("item", "reposts"),
    )


def interview_views(reached: list[Reached]) -> Table:
    """Posts about live interviews with the views the network reported (only some
    networks report views; the others show an empty cell)."""
    rows = []
    for item in reached:
        if not is_interview(item.delivery):
            continue
        rows.append(
            {
                "post": str(item.delivery.post),
                "network": item.delivery.account.get_platform_display(),
                "views": item.metrics["views"] or "",
                "reposts": item.metrics["reposts"],
            }
        )
    return Table(
        "interviews",
        _("Live interviews: views where the network reports them"),
        [
            ("post", _("Post")),
            ("network", _("Network")),
            ("views", _("Views")),
            ("reposts", _("Reposts")),
        ],
        rows,
    )


# -- web visits ----------------------------------------------------------------------
def network_of(referrer_domain: str, utm_source: str) -> str:
    if utm_source in Network.values:
        return str(Network(utm_source).label)
    network = REFERRER_NETWORKS.get(referrer_domain)
    if network is not None:
        return str(network.label)
    if not referrer_domain:
        return str(DIRECT)
    if referrer_domain == counting.INTERNAL:
        return str(INTERNAL)
    return str(OTHER_SITES)


def _views(period: Period) -> Any:
    return PageViewCount.objects.filter(day__gte=period.start, day__lte=period.end)


def _summed(pairs: Iterable[tuple[str, int]]) -> list[dict[str, Any]]:
    totals: dict[str, int] = defaultdict(int)
    for key, views in pairs:
        totals[key] += views
    return [
        {"group": key, "views": views}
        for key, views in sorted(totals.items(), key=lambda pair: (-pair[1], pair[0]))
    ]


def visits_by_network(period: Period) -> Table:
    rows = _views(period).values_list("referrer_domain", "utm_source", "views")
    return Table(
        "visits_network",
        _("Web visits by network they came from"),
        [("group", _("Came from")), ("views", _("Page views"))],
        _summed((network_of(domain, source), views) for domain, source, views in rows),
        chart=("group", "views"),
        note=_(
            "From the link's utm_source where the campaign's posts tagged it, else "
            "from the referring site's domain."
        ),
    )


def visits_by_language(period: Period) -> Table:
    rows = (
        _views(period)
        .values_list("language")
        .annotate(total=Sum("views"))
        .values_list("language", "total")
    )
    return Table(
        "visits_language",
        _("Web visits by language"),
        [("group", _("Language")), ("views", _("Page views"))],
        _summed((language or "-", int(total)) for language, total in rows),
        chart=("group", "views"),
    )


def visits_by_day(period: Period) -> Table:
    rows = (
        _views(period).values_list("day").annotate(total=Sum("views")).order_by("day")
    )
    return Table(
        "visits_day",
        _("Web visits by day"),
        [("group", _("Day")), ("views", _("Page views"))],
        [{"group": day.isoformat(), "views": int(total)} for day, total in rows],
        chart=("group", "views"),
    )


def section_of(path: str) -> str:
    """/es/historias/… -> /es/historias/: the first part of the path after the
    language (a site section); the home page is itself."""
    parts = [part for part in path.split("/") if part]
    return "/" + "/".join(parts[:2]) + "/" if parts else "/"


def visits_by_section(period: Period) -> Table:
    rows = _views(period).values_list("path", "views")
    return Table(
        "visits_section",
        _("Web visits by site section"),
        [("group", _("Section")), ("views", _("Page views"))],
        _summed((section_of(path), views) for path, views in rows)[:TOP],
        chart=("group", "views"),
    )


def visits_by_campaign_post(period: Period) -> Table:
    """utm_content names the post (social.services.posts.link_with_utm)."""
    rows = (
        _views(period)
        .exclude(utm_content="")
        .values_list("utm_source", "utm_content")
        .annotate(total=Sum("views"))
        .values_list("utm_source", "utm_content", "total")
    )
    table = [
        {"source": source, "post": content, "views": int(total)}
        for source, content, total in rows
    ]
    table.sort(key=lambda row: -row["views"])
    return Table(
        "visits_post",
        _("Web visits from each campaign post (utm_content)"),
        [
            ("source", _("utm_source")),
            ("post", _("Post (utm_content)")),
            ("views", _("Page views")),
        ],
        table[:TOP],
    )


def reach_tables(period: Period) -> list[Table]:
    reached = published_with_metrics(period)
    return [
        delivery_health(period),
        accounts_to_reconnect(),
        dispatch_lag(period),
        *(reach_by(grouping, reached) for grouping in GROUPINGS),
        most_shared(reached),
        interview_views(reached),
        visits_by_network(period),
        visits_by_language(period),
        visits_by_day(period),
        visits_by_section(period),
        visits_by_campaign_post(period),
    ]


# -- perception surveys (the surveys' own results service) ---------------------------
def _interval_text(interval: Any) -> str:
    if interval is None:
        return "—"
    return f"{interval.estimate:.2f} [{interval.low:.2f}, {interval.high:.2f}]"


def survey_results(language: str) -> Table:
    """The latest waves: responses, the acceptance index with its 95% interval and
    the difference between the experiment's arms (analytics.surveys.results)."""
    from django.urls import NoReverseMatch, reverse

    from ..models.surveys import SurveyWave
    from ..surveys.results import wave_results

    rows = []
    links: dict[int, str] = {}
    waves = SurveyWave.objects.order_by("-opens_at")[:TOP]
    for number, wave in enumerate(waves):
        outcome = wave_results(wave, language=language)
        rows.append(
            {
                "wave": str(wave),
                "state": str(_("Closed") if wave.is_closed() else _("Open")),
                "responses": outcome.responses,
                "index": _interval_text(outcome.overall.index),
                "difference": _interval_text(outcome.difference),
                "notes": " ".join(str(line) for line in outcome.notes()),
            }
        )
        try:
            links[number] = reverse("analytics_survey_results", args=[wave.pk])
        except NoReverseMatch:
            pass
    return Table(
        "surveys",
        _("Perception surveys"),
        [
            ("wave", _("Wave")),
            ("state", _("State")),
            ("responses", _("Responses")),
            ("index", _("Acceptance index (0-9), mean [95% CI]")),
            ("difference", _("Campaign item minus placebo [95% CI]")),
            ("notes", _("Design and sample")),
        ],
        rows,
        note=_("Breakdowns with fewer than 10 responses are suppressed."),
        links=links,
    )
