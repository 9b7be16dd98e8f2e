from django.db import migrations

# (slug, name, parent slug, description). Slugs are fixed by the design brief.
THEMES = [
    (
        "digital-development",
        "Digital development",
        None,
        "Using ICTs for economic and social development.",
    ),
    (
        "digital-divide",
        "Digital divide",
        "digital-development",
        "Unequal access to ICTs between and within countries.",
    ),
    (
        "capacity-building",
        "Capacity-building",
        "digital-development",
        "Training, technical assistance and programmes that build skills and institutions.",
    ),
    (
        "e-government",
        "E-government",
        "digital-development",
        "Electronic and smart government services.",
    ),
    (
        "digital-economy",
        "Digital economy",
        "digital-development",
        "E-commerce, digital trade, investment in digital innovation.",
    ),
    (
        "internet-governance",
        "Internet governance",
        None,
        "Who makes the rules of the internet, and how: enhanced cooperation, WSIS follow-up, "
        "digital cooperation mechanisms.",
    ),
    (
        "ict-security",
        "ICT security",
        None,
        "Security of and in the use of ICTs: cybersecurity, malicious use of ICTs, norms.",
    ),
    (
        "unilateral-coercive-measures",
        "Unilateral coercive measures",
        None,
        "Sanctions and restrictive measures that limit access to technology.",
    ),
    (
        "cultural-diversity-and-sovereignty",
        "Cultural diversity and sovereignty",
        None,
        "Respect for national values, regulations and sovereignty by platforms and companies.",
    ),
    (
        "digital-infrastructure",
        "Digital infrastructure",
        None,
        "Networks and services that carry communications.",
    ),
    (
        "telecommunications",
        "Telecommunications",
        "digital-infrastructure",
        "Connectivity, broadband and mobile networks.",
    ),
    (
        "satellites",
        "Satellites",
        "telecommunications",
        "Satellite construction, launch and services.",
    ),
    (
        "postal-services",
        "Postal services",
        "digital-infrastructure",
        "Postal exchanges and their regulation.",
    ),
    (
        "cloud-and-data-centres",
        "Cloud and data centres",
        "digital-infrastructure",
        "Cloud infrastructure and data centres.",
    ),
    (
        "artificial-intelligence",
        "Artificial intelligence",
        None,
        "AI technologies and their governance.",
    ),
    (
        "science-and-technology",
        "Science and technology cooperation",
        None,
        "Scientific and technological cooperation beyond ICTs, e.g. nanotechnology, biotechnology.",
    ),
]


def load_themes(apps, schema_editor):
    Theme = apps.get_model("statements", "Theme")
    for slug, name, parent, description in THEMES:
        Theme.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "parent": Theme.objects.get(slug=parent) if parent else None,
                "description": description,
                "status": "published",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("statements", "0002_countries")]

    operations = [migrations.RunPython(load_themes, migrations.RunPython.noop)]
