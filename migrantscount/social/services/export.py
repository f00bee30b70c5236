"""The export pack: a day's posts as files, for channels without a publishing API
(WhatsApp channels, TikTok, partner organisations) that a person posts by hand.

    build_pack(*, day, languages=None) -> bytes   # a ZIP

A delivery is in the pack of the day it is due in its account's own zone. The ZIP
holds, per delivery, `NN-<network>-<handle>-<language>.txt` (UTF-8, the text as it
goes out: hashtag and tagged link in), its image beside it (`.png`/`.jpg`) with the
image's alt text in `….alt.txt`, and `schedule.csv` (local time, time zone, language,
hashtag, link, story or fact id, files). What was withdrawn, taken down, cancelled or
whose story's consent no longer covers social networks is never in a pack made
after that: the pack is built from the rows as they are when it is asked for.
"""

from __future__ import annotations

import csv
import io
import mimetypes
import re
import zipfile
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet

from ..models import Delivery, Post
from . import posts
from .calendar import zone

COLUMNS = [
    "number",
    "local_time",
    "time_zone",
    "language",
    "network",
    "account",
    "hashtag",
    "link",
    "story_id",
    "fact_id",
    "post_id",
    "text_file",
    "image_file",
    "alt_text_file",
]
# Rows still meant to be (or already) out, and not to be taken down.
IN_PACK = (
    Delivery.Status.SCHEDULED,
    Delivery.Status.PUBLISHING,
    Delivery.Status.UNCONFIRMED,
    Delivery.Status.PUBLISHED,
)


def _candidates(day: date, languages: Iterable[str] | None) -> QuerySet[Delivery]:
    # Zones reach UTC±14: a day wide margin either side, then each row's own zone.
    start = datetime.combine(day - timedelta(days=1), time.min, zone("UTC"))
    rows = Delivery.objects.filter(
        status__in=IN_PACK,
        due_at__gte=start,
        due_at__lt=start + timedelta(days=3),
        post__taken_down_at__isnull=True,
    ).filter(posts.cleared_q())
    if languages:
        rows = rows.filter(language__in=list(languages))
    return rows.select_related("post", "account", "post__story").order_by(
        "due_at", "account__handle", "pk"
    )


def pack_deliveries(
    day: date, languages: Iterable[str] | None = None
) -> list[Delivery]:
    found = []
    for delivery in _candidates(day, languages):
        local = delivery.due_at.astimezone(zone(delivery.account.time_zone))
        if local.date() != day:
            continue
        post = delivery.post
        if post.source_kind == Post.SourceKind.STORY and (
            post.story is None or not posts.story_allows_social(post.story)
        ):
            continue
        found.append(delivery)
    return found


def _slug(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", value).strip("-").lower()[:60] or "account"


def build_pack(*, day: date, languages: Iterable[str] | None = None) -> bytes:
    buffer = io.BytesIO()
    schedule = io.StringIO()
    writer = csv.DictWriter(schedule, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, delivery in enumerate(pack_deliveries(day, languages), start=1):
            writer.writerow(_add_delivery(archive, number, delivery))
        archive.writestr("schedule.csv", schedule.getvalue().encode("utf-8"))
    return buffer.getvalue()


def _add_delivery(
    archive: zipfile.ZipFile, number: int, delivery: Delivery
) -> dict[str, str]:
    account = delivery.account
    draft = posts.draft_for(delivery)
    stem = f"{number:02d}-{_slug(account.platform)}-{_slug(account.handle)}-"
    stem += delivery.language
    archive.writestr(f"{stem}.txt", draft.text.encode("utf-8"))
    image_file = alt_file = ""
    for media in draft.media[:1]:
        extension = mimetypes.guess_extension(media.mime_type) or ".img"
        image_file, alt_file = f"{stem}{extension}", f"{stem}.alt.txt"
        archive.writestr(image_file, media.content)
        archive.writestr(alt_file, media.alt_text.encode("utf-8"))
    post = delivery.post
    local = delivery.due_at.astimezone(zone(account.time_zone))
    return {
        "number": str(number),
        "local_time": local.strftime("%Y-%m-%d %H:%M"),
        "time_zone": account.time_zone,
        "language": delivery.language,
        "network": account.get_platform_display(),
        "account": account.handle,
        "hashtag": draft.hashtags[0] if draft.hashtags else "",
        "link": draft.link,
        "story_id": str(post.source_submission_id or post.story_id or ""),
        "fact_id": post.fact_id,
        "post_id": str(post.pk),
        "text_file": f"{stem}.txt",
        "image_file": image_file,
        "alt_text_file": alt_file,
    }
