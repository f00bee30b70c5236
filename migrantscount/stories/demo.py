"""Example stories for the demo site: fictional, written for this project, marked
`is_example` and labelled on the page. Each has an original language and
translations made through wagtail-localize (pages/demo/localize.py)."""

from dataclasses import dataclass, field

from django.db import transaction
from wagtail.models import Locale

from migrantscount.pages.demo import register_demo_step
from migrantscount.pages.demo.localize import translate_instance

from .models import Story


@dataclass(frozen=True)
class Text:
    title: str
    quote: str
    body: str


@dataclass(frozen=True)
class Example:
    slug: str
    language: str
    name: str
    origin: str
    destination: str
    distance_km: int
    sector: str
    sdgs: str
    texts: dict[str, Text] = field(default_factory=dict)


EXAMPLES = [
    Example(
        slug="example-bakery-bogota",
        language="es",
        name="Lucía",
        origin="VEN",
        destination="COL",
        distance_km=1030,
        sector="commerce",
        sdgs="8,10",
        texts={
            "es": Text(
                "Una panadería en Bogotá",
                "Cada mañana horneamos pan para todo el barrio.",
                "Llegué a Bogotá con mi hermana y una receta de mi abuela.\n\n"
                "Hoy nuestra panadería da trabajo a seis personas del barrio.",
            ),
            "en": Text(
                "A bakery in Bogotá",
                "Every morning we bake bread for the whole neighbourhood.",
                "I arrived in Bogotá with my sister and my grandmother's recipe.\n\n"
                "Today our bakery employs six people from the neighbourhood.",
            ),
            "pt": Text(
                "Uma padaria em Bogotá",
                "Todas as manhãs fazemos pão para o bairro inteiro.",
                "Cheguei a Bogotá com minha irmã e uma receita da minha avó.\n\n"
                "Hoje nossa padaria emprega seis pessoas do bairro.",
            ),
        },
    ),
    Example(
        slug="example-nurse-toronto",
        language="en",
        name="",
        origin="JAM",
        destination="CAN",
        distance_km=2600,
        sector="health",
        sdgs="3,8",
        texts={
            "en": Text(
                "Night shifts in Toronto",
                "My patients do not ask where I was born.",
                "I trained as a nurse in Kingston and moved to Toronto.\n\n"
                "I send part of my salary home for my nephew's school fees.",
            ),
            "fr": Text(
                "Gardes de nuit à Toronto",
                "Mes patients ne demandent pas où je suis née.",
                "J'ai étudié les soins infirmiers à Kingston puis je suis partie à "
                "Toronto.\n\nJ'envoie une partie de mon salaire pour l'école de mon neveu.",
            ),
            "es": Text(
                "Turnos de noche en Toronto",
                "Mis pacientes no preguntan dónde nací.",
                "Estudié enfermería en Kingston y me mudé a Toronto.\n\n"
                "Envío parte de mi salario para la escuela de mi sobrino.",
            ),
        },
    ),
    Example(
        slug="example-engineer-sao-paulo",
        language="pt",
        name="Mateo",
        origin="BOL",
        destination="BRA",
        distance_km=1900,
        sector="technology",
        sdgs="9,17",
        texts={
            "pt": Text(
                "Código em São Paulo",
                "Aprendi português escrevendo programas.",
                "Vim de La Paz para estudar engenharia em São Paulo.\n\n"
                "Hoje ensino programação para jovens da minha comunidade.",
            ),
            "en": Text(
                "Code in São Paulo",
                "I learned Portuguese by writing programs.",
                "I came from La Paz to study engineering in São Paulo.\n\n"
                "Today I teach programming to young people in my community.",
            ),
            "es": Text(
                "Código en São Paulo",
                "Aprendí portugués escribiendo programas.",
                "Vine de La Paz para estudiar ingeniería en São Paulo.\n\n"
                "Hoy enseño programación a jóvenes de mi comunidad.",
            ),
        },
    ),
    Example(
        slug="example-farm-montreal",
        language="fr",
        name="Jean",
        origin="HTI",
        destination="CAN",
        distance_km=2800,
        sector="agriculture",
        sdgs="2,8",
        texts={
            "fr": Text(
                "Des serres près de Montréal",
                "Je cultive des légumes que l'on mange à Montréal.",
                "J'ai quitté Port-au-Prince pour travailler dans des serres.\n\n"
                "Avec mes collègues, nous avons créé une coopérative.",
            ),
            "en": Text(
                "Greenhouses near Montreal",
                "I grow vegetables that Montreal eats.",
                "I left Port-au-Prince to work in greenhouses.\n\n"
                "With my colleagues we started a cooperative.",
            ),
            "es": Text(
                "Invernaderos cerca de Montreal",
                "Cultivo verduras que se comen en Montreal.",
                "Dejé Puerto Príncipe para trabajar en invernaderos.\n\n"
                "Con mis colegas creamos una cooperativa.",
            ),
            "pt": Text(
                "Estufas perto de Montreal",
                "Cultivo legumes que Montreal come.",
                "Deixei Porto Príncipe para trabalhar em estufas.\n\n"
                "Com meus colegas criamos uma cooperativa.",
            ),
        },
    ),
    Example(
        slug="example-teacher-santiago",
        language="es",
        name="",
        origin="PER",
        destination="CHL",
        distance_km=2460,
        sector="education",
        sdgs="4,10",
        texts={
            "es": Text(
                "Una maestra en Santiago",
                "En mi aula hay niños de seis países.",
                "Soy maestra desde hace quince años; los últimos cinco en Santiago.\n\n"
                "Enseño a leer a niños que llegaron como yo.",
            ),
            "en": Text(
                "A teacher in Santiago",
                "There are children from six countries in my classroom.",
                "I have been a teacher for fifteen years, the last five in Santiago.\n\n"
                "I teach children who arrived as I did to read.",
            ),
        },
    ),
]


def _segment(text: str) -> str:
    # wagtail-localize shows a TextField's line breaks as <br/>.
    return text.replace("\n", "<br/>")


def _strings(source: Text, target: Text) -> dict[str, str]:
    return {
        source.title: target.title,
        source.quote: target.quote,
        _segment(source.body): _segment(target.body),
    }


@transaction.atomic
def build_example(example: Example) -> Story:
    locale, _created = Locale.objects.get_or_create(language_code=example.language)
    story = Story.objects.filter(locale=locale, slug=example.slug).first()
    original = example.texts[example.language]
    if story is None:
        story = Story(
            locale=locale,
            slug=example.slug,
            title=original.title,
            quote=original.quote,
            body=original.body,
            name_display=example.name,
            origin_country=example.origin,
            destination_country=example.destination,
            distance_km=example.distance_km,
            sector=example.sector,
            sdgs=example.sdgs,
            original_language=example.language,
            is_example=True,
        )
        story.save()
        story.save_revision().publish()
    for language, text in example.texts.items():
        if language == example.language:
            continue
        target, _created = Locale.objects.get_or_create(language_code=language)
        if not Story.objects.filter(
            translation_key=story.translation_key, locale=target
        ).exists():
            translate_instance(story, target, _strings(original, text), publish=True)
    return story


def build_example_stories() -> list[Story]:
    return [build_example(example) for example in EXAMPLES]


@register_demo_step
def example_stories_demo_step() -> str:
    """Part of `manage.py build_demo` (see pages.demo)."""
    stories = build_example_stories()
    total = Story.objects.filter(is_example=True, live=True).count()
    return f"{len(stories)} example stories; {total} live rows in all languages"
