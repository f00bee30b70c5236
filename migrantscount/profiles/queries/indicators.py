"""The indicators a profile shows, how each is displayed, and the SDG targets."""

from django.utils.translation import gettext_lazy as _

STOCK = "IMS.STOCK"
STOCK_PCT = "IMS.STOCK.PCT.POP"
REFUGEES = "IMS.REFUGEES"
EMIGRANTS = "IMS.EMIGRANTS"
RECEIVED = "BX.TRF.PWKR.CD.DT"
RECEIVED_PCT_GDP = "BX.TRF.PWKR.DT.GD.ZS"
PAID = "BM.TRF.PWKR.CD.DT"
GDP = "NY.GDP.MKTP.CD"
COST_TO = "SI.RMT.COST.IB.ZS"
PROFILE_INDICATORS = (
    STOCK,
    STOCK_PCT,
    REFUGEES,
    EMIGRANTS,
    RECEIVED,
    RECEIVED_PCT_GDP,
    PAID,
    GDP,
    COST_TO,
)
SDG_AVERAGE_TARGET = 3.0
SDG_CORRIDOR_CEILING = 5.0
TOP = 5
# How each indicator is displayed and what its figures are called.
KINDS = {
    STOCK: "persons",
    REFUGEES: "persons",
    EMIGRANTS: "persons",
    STOCK_PCT: "percent",
    RECEIVED: "usd",
    PAID: "usd",
    GDP: "usd",
    RECEIVED_PCT_GDP: "percent",
    COST_TO: "percent",
}
RANKABLE = {
    STOCK: _("International migrants"),
    STOCK_PCT: _("International migrants, % of population"),
    REFUGEES: _("Refugees and asylum seekers"),
    RECEIVED: _("Remittances received (US$)"),
    RECEIVED_PCT_GDP: _("Remittances received, % of GDP"),
    PAID: _("Remittances paid (US$)"),
    COST_TO: _("Cost of sending USD 200 to the country (%)"),
}
