"""A certificate's status in French words, with the dates the browser needs to move it to another day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup, escape

from generator.dates import PartialDate
from generator.french import describe_partial, format_day
from generator.model import Company, Standard
from generator.registry import CertificateView
from generator.render.text import html_attr, html_text
from generator.validate import STALE_AFTER


def on_day(day: PartialDate) -> str:
    """'le 3 mars 2008', 'en mars 2008', 'en 2008'."""
    return describe_partial(day)


def since(day: PartialDate) -> str:
    """'le 3 mars 2008', 'mars 2008', '2008': what follows 'depuis'."""
    text = describe_partial(day)
    return text if day.precision == "day" else text.removeprefix("en ")


def stale(company: Company, today: date) -> bool:
    return company.checked.last_day < today - STALE_AFTER


def known_facts(view: CertificateView, standard: Standard | None) -> str:
    """What is known of a certificate whose last valid day is not."""
    certificate = view.certificate
    if certificate.issued is not None:
        return f"attribué {on_day(certificate.issued)}, durée non connue"
    if certificate.reported is not None:
        return f"signalé {on_day(certificate.reported)}, date d'attribution non connue"
    return "aucune date connue"


def status_words(view: CertificateView, standard: Standard | None) -> str:
    """The contract's wording of a certificate's status on the registry's day."""
    certificate, last = view.certificate, view.last_day
    if view.status == "valid" and last is not None:
        return f"valide jusqu'au {format_day(last)}"
    if view.status == "expiring" and last is not None:
        return f"expire bientôt (le {format_day(last)})"
    if view.status == "expired" and last is not None:
        return f"expiré depuis le {format_day(last + timedelta(days=1))}"
    if view.status in ("suspended", "withdrawn") and certificate.status_date is not None:
        word = "suspendu" if view.status == "suspended" else "retiré"
        return f"{word} depuis {since(certificate.status_date)}"
    return f"statut inconnu : {known_facts(view, standard)}"


@dataclass(frozen=True)
class StatusView:
    status: str
    words: str
    short: str
    computed_on: str  # ISO day the words were computed for
    computed_on_words: str
    last_day: str  # ISO, or "" when unknown
    status_date: str  # as written (partial), or ""
    declared: str
    current: bool
    unknown_text: str  # what is known, kept by the browser while the status stays unknown
    checked: str  # the company's `checked` as words, for "no renewal found"

    @property
    def renewal_missing(self) -> bool:
        return self.status == "expired" and self.current

    def data_attributes(self) -> str:
        """The dates status.js recomputes from (see the report's data-* contract)."""
        attrs = ""
        if self.last_day:
            attrs += f' data-last-day="{self.last_day}"'
        if self.status_date:
            attrs += f' data-status-date="{escape(self.status_date)}"'
        if self.declared != "active":
            attrs += f' data-declared="{escape(self.declared)}"'
        return attrs

    @property
    def short_html(self) -> Markup:
        """The status in a table or a list: one word, the dates in attributes (the day is on an ancestor)."""
        return Markup(f'<span class="rr-status rr-status--{self.status}" data-rr-status{self.data_attributes()} '
                      f'data-short>{escape(self.short)}</span>')

    @property
    def html(self) -> Markup:
        """The status line of a certificate: words, the day they hold for, and the dates to recompute them."""
        attrs = self.data_attributes()
        if not self.last_day:
            attrs += f' data-known="{html_attr(self.unknown_text)}"'
        if not self.current:
            attrs += " data-history"
        renewal = ""
        if self.current:
            hidden = "" if self.renewal_missing else " hidden"
            renewal = (f'<span class="rr-status__renewal"{hidden}>. Aucun renouvellement n\'a été trouvé dans les '
                       f'sources à la date de vérification de la fiche ({escape(self.checked)}).</span>')
        return Markup(
            f'<p class="rr-status rr-status--{self.status}" data-rr-status data-status="{self.status}" '
            f'data-computed-on="{self.computed_on}"{attrs}><span class="rr-status__text">{html_text(self.words)}'
            f'</span> <span class="rr-status__on">(statut au {escape(self.computed_on_words)})</span>{renewal}</p>'
        )
