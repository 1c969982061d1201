"""The archive's Atom feed: the newest published summaries (Django's syndication framework)."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from archive import selectors
from archive.models import Summary
from profiles.references import Names


class SummaryFeed(Feed):
    feed_type = Atom1Feed
    title = _("Cultuurmakers IJmond: session summaries")
    subtitle = _("What came up at the sessions of the culture makers of IJmond.")
    link = reverse_lazy("archive:archive")
    feed_url = reverse_lazy("archive:archive_feed")

    def items(self) -> list[Summary]:
        summaries = selectors.feed_summaries()
        # The members they name, by reference (profiles/references.py), in one query for the feed.
        names = Names.of(*(summary.text_html for summary in summaries))
        for summary in summaries:
            summary.named_html = names.html(summary.text_html)
        return summaries

    def item_title(self, item: Summary) -> str:
        return item.meeting.title

    def item_description(self, item: Summary) -> str:
        # Markdown rendered and sanitised with nh3 on every save, its references filled with names
        # (escaped); the feed escapes it once more.
        return item.named_html

    def item_link(self, item: Summary) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Summary):
        return item.published_at

    def item_updateddate(self, item: Summary):
        return item.updated_at

    def item_categories(self, item: Summary) -> list[str]:
        return [topic.name for topic in item.topics.all()]
