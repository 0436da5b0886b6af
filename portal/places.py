"""Where things happen: a place with its town, and links that open it on a map.

The page loads no map: it links to one, so that a phone on prepaid data pays nothing until
the person asks. Two links, because phones differ: a `geo:` address that Android hands to the
phone's own map app, and an OpenStreetMap search that opens in any browser.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from flask_babel import gettext as _

OSM_SEARCH = "https://www.openstreetmap.org/search"


@dataclass(frozen=True)
class Place:
    address: str
    town: str = ""

    @property
    def query(self) -> str:
        """What a map searches for: the address and its town, in Sweden."""
        parts = [self.address, self.town, "Sverige"]
        return ", ".join(part for part in parts if part)

    @property
    def geo_uri(self) -> str:
        # RFC 5870 with the query parameter Android's map apps read.
        return "geo:0,0?q=" + quote(self.query, safe="")

    @property
    def osm_url(self) -> str:
        return f"{OSM_SEARCH}?{urlencode({'query': self.query})}"

    def __str__(self) -> str:
        """The place as one line of text in the reader's language: "Stora gatan 34, Köping"."""
        if not self.town:
            return self.address
        return _("%(address)s, %(municipality)s", address=self.address, municipality=self.town)
