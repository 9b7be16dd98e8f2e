import pytest

from statements.models import Status, Theme

pytestmark = pytest.mark.django_db

BRIEF_SLUGS = {
    "digital-divide",
    "unilateral-coercive-measures",
    "internet-governance",
    "ict-security",
    "capacity-building",
    "e-government",
    "artificial-intelligence",
    "postal-services",
    "telecommunications",
    "cloud-and-data-centres",
    "satellites",
    "cultural-diversity-and-sovereignty",
}


def test_the_themes_of_the_brief_are_seeded_with_their_slugs():
    slugs = set(Theme.objects.published().values_list("slug", flat=True))
    assert slugs >= BRIEF_SLUGS


def test_theme_names_match_the_brief():
    assert Theme.objects.get(slug="digital-divide").name == "Digital divide"
    assert Theme.objects.get(slug="ict-security").name == "ICT security"


def test_with_descendants_includes_sub_themes_at_any_depth():
    slugs = set(
        Theme.objects.with_descendants("digital-infrastructure").values_list("slug", flat=True)
    )
    assert slugs == {
        "digital-infrastructure",
        "telecommunications",
        "satellites",
        "postal-services",
        "cloud-and-data-centres",
    }


def test_with_descendants_of_a_leaf_is_the_leaf():
    assert list(Theme.objects.with_descendants("satellites").values_list("slug", flat=True)) == [
        "satellites"
    ]


def test_with_descendants_accepts_several_roots_as_instances_or_slugs():
    telecoms = Theme.objects.get(slug="telecommunications")
    slugs = set(
        Theme.objects.with_descendants(telecoms, "e-government").values_list("slug", flat=True)
    )
    assert slugs == {"telecommunications", "satellites", "e-government"}


def test_with_descendants_runs_a_bounded_number_of_queries_whatever_the_depth(
    django_assert_num_queries,
):
    parent = Theme.objects.get(slug="satellites")
    for depth in range(6):
        parent = Theme.objects.create(name=f"Deep {depth}", parent=parent, status=Status.PUBLISHED)
    # The tree of ids, the root's slug, then the themes themselves.
    with django_assert_num_queries(3):
        slugs = [theme.slug for theme in Theme.objects.with_descendants("telecommunications")]
    assert "deep-5" in slugs and len(slugs) == 8


def test_unknown_slug_gives_no_themes():
    assert not Theme.objects.with_descendants("no-such-theme").exists()
