from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from .blocks import BodyBlock
from .feeds import NewsAtomFeed, NewsRssFeed
from .sections import site_section_choices


class BasePage(Page):
    """Fields every public page shares: a lead for listings and social cards."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("One or two sentences shown under the title and in link previews."),
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("social image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    search_fields = [*Page.search_fields, index.SearchField("intro")]
    promote_panels = [*Page.promote_panels, FieldPanel("social_image")]

    class Meta:
        abstract = True

    def get_meta_description(self) -> str:
        return self.search_description or self.intro


class HomePage(BasePage):
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def latest_news(self) -> models.QuerySet["NewsPage"]:
        return (
            NewsPage.objects.live()
            .public()
            .filter(locale=self.locale)
            .order_by("-date", "-pk")[:3]
        )


class StandardPage(BasePage):
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")


class NewsIndexPage(RoutablePageMixin, BasePage):
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["pages.NewsPage"]

    class Meta:
        verbose_name = _("news index page")

    def news(self) -> models.QuerySet["NewsPage"]:
        return NewsPage.objects.live().public().child_of(self).order_by("-date", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.news(), 10)
        context["news_page"] = paginator.get_page(request.GET.get("page"))
        return context

    def get_cached_paths(self) -> list[str]:
        # Frontend-cache purges of this page reach its feeds too.
        return ["/", "/feed/rss/", "/feed/atom/"]

    @path("")
    def index_view(self, request):
        return self.render(request)

    @path("feed/rss/", name="rss")
    def rss_feed(self, request):
        return NewsRssFeed(self)(request)

    @path("feed/atom/", name="atom")
    def atom_feed(self, request):
        return NewsAtomFeed(self)(request)


class NewsPage(BasePage):
    """A press release: dateline, lead, body and the media contact journalists call."""

    date = models.DateField(_("release date"))
    dateline_city = models.CharField(
        _("dateline city"), max_length=100, help_text=_("For example: Washington, D.C.")
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"))
    contact_name = models.CharField(
        _("media contact (name or office)"), max_length=200, blank=True
    )
    contact_phone = models.CharField(
        _("media contact phone"), max_length=50, blank=True
    )
    contact_email = models.EmailField(_("media contact e-mail"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("dateline_city"), FieldPanel("date")], heading=_("Dateline")
        ),
        FieldPanel("intro", heading=_("Lead")),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_email"),
            ],
            heading=_("Media contact"),
        ),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    parent_page_types = ["pages.NewsIndexPage"]
    subpage_types: list[str] = []
    # A press office's phone and e-mail are the same in every language.
    override_translatable_fields = [
        SynchronizedField("contact_phone"),
        SynchronizedField("contact_email"),
        SynchronizedField("date"),
    ]

    og_type = "article"

    class Meta:
        verbose_name = _("news page")


class Branding(TranslatableMixin, models.Model):
    """Organisation name and logo text, one row per language."""

    organisation_name = models.CharField(_("organisation name"), max_length=200)
    site_name = models.CharField(_("site name"), max_length=100)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    logo_alt_text = models.CharField(
        _("logo alternative text"),
        max_length=200,
        help_text=_("Read by screen readers in place of the logo."),
    )

    panels = [
        FieldPanel("organisation_name"),
        FieldPanel("site_name"),
        FieldPanel("tagline"),
        FieldPanel("logo_alt_text"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("branding")
        verbose_name_plural = _("branding")

    def __str__(self) -> str:
        return f"{self.site_name} ({self.locale})"


class NavigationMenu(TranslatableMixin, ClusterableModel):
    """Main menu, one per language; items point at pages of any locale and are
    shown in the reader's language when a translation exists."""

    name = models.CharField(_("name"), max_length=100)

    panels = [FieldPanel("name"), InlinePanel("items", label=_("Menu items"))]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("navigation menu")

    def __str__(self) -> str:
        return f"{self.name} ({self.locale})"


class NavigationItem(TranslatableMixin, Orderable):
    """A menu entry: a page, or a site section that is not a page of this app
    (the stories, the share form, the country data overview)."""

    menu = ParentalKey(NavigationMenu, related_name="items", on_delete=models.CASCADE)
    label = models.CharField(_("label"), max_length=100)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    section = models.CharField(
        _("site section"),
        max_length=40,
        blank=True,
        choices=site_section_choices,
        help_text=_(
            "Instead of a page: a part of the site that is not an ordinary page."
        ),
    )

    panels = [FieldPanel("label"), FieldPanel("page"), FieldPanel("section")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(page__isnull=False, section="")
                    | models.Q(page__isnull=True) & ~models.Q(section="")
                ),
                name="navigation_item_page_or_section",
            )
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        super().clean()
        if (self.page_id is None) == (not self.section):
            raise ValidationError(
                _("Choose either a page or a site section, not both.")
            )


class Footer(TranslatableMixin, models.Model):
    """Footer text and links, one per language."""

    text = RichTextField(_("text"), features=["bold", "italic", "link"])
    copyright_line = models.CharField(_("copyright line"), max_length=200, blank=True)

    panels = [FieldPanel("text"), FieldPanel("copyright_line")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("footer")

    def __str__(self) -> str:
        return f"{_('Footer')} ({self.locale})"


class DemoStepRun(models.Model):
    """A step of `manage.py build_demo` that has run on this database (pages.demo):
    it is not run again, so what editors changed, unpublished or deleted stays so."""

    name = models.CharField(max_length=255, unique=True)
    ran_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "demo step run"

    def __str__(self) -> str:
        return self.name
