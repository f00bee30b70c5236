"""The Americas map spec: an equal-area projection, every member state drawn."""

import pytest

from migrantscount.data.models import Country
from migrantscount.profiles import charts, queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_countries")]
SMALL_CARIBBEAN_STATES = {"ATG", "BRB", "DMA", "GRD", "KNA", "LCA", "VCT"}


def test_map_uses_an_equal_area_projection_centred_on_the_americas():
    spec, _description = charts.map_spec(queries.STOCK, "en")

    assert spec["projection"]["type"] == "azimuthalEqualArea"
    longitude, latitude, _roll = spec["projection"]["rotate"]
    assert (-longitude, -latitude) == (-80, 15)  # 80° W, 15° N: the Caribbean


def test_map_draws_every_member_state_and_circles_the_small_ones():
    spec, _description = charts.map_spec(queries.STOCK, "en")
    shapes, dots = (layer["data"]["values"] for layer in spec["layer"])

    members = set(Country.objects.oas_members().values_list("iso3", flat=True))
    assert {feature["id"] for feature in shapes} == members
    assert all(feature["geometry"]["coordinates"] for feature in shapes)
    circled = {point["label"].split("(")[1][:3] for point in dots}
    assert SMALL_CARIBBEAN_STATES <= circled <= members
