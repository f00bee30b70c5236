"""Branding, main menu and footer, written in English and translated."""

from .texts import lang

BRANDING = {
    "organisation_name": lang(
        en="Organization of American States · International Organization for Migration",
        es="Organización de los Estados Americanos · Organización Internacional para las Migraciones",
        fr="Organisation des États Américains · Organisation internationale pour les migrations",
        pt="Organização dos Estados Americanos · Organização Internacional para as Migrações",
    ),
    "site_name": lang(
        en="Migrants Count",
        es="Migrantes Cuentan",
        fr="Les migrants comptent",
        pt="Migrantes Contam",
    ),
    "tagline": lang(
        en="Recognising migrants’ contributions to sustainable development in the Americas",
        es="Reconocer la contribución de las personas migrantes al desarrollo sostenible de las Américas",
        fr="Reconnaître la contribution des migrants au développement durable des Amériques",
        pt="Reconhecer a contribuição dos migrantes para o desenvolvimento sustentável das Américas",
    ),
    "logo_alt_text": lang(
        en="Migrants Count, home page",
        es="Migrantes Cuentan, página de inicio",
        fr="Les migrants comptent, page d’accueil",
        pt="Migrantes Contam, página inicial",
    ),
}


def _item(en: str, es: str, fr: str, pt: str) -> dict[str, dict[str, str]]:
    return {"label": lang(en=en, es=es, fr=fr, pt=pt)}


MENU = {
    "name": lang(
        en="Main menu", es="Menú principal", fr="Menu principal", pt="Menu principal"
    ),
    "items": [
        (
            "who_we_are",
            _item("Who we are", "Quiénes somos", "Qui sommes-nous", "Quem somos"),
        ),
        (
            "our_work",
            _item("Our work", "Nuestro trabajo", "Notre action", "Nosso trabalho"),
        ),
        (
            "section:country_data",
            _item(
                "Country data", "Datos por país", "Données par pays", "Dados por país"
            ),
        ),
        ("section:stories", _item("Stories", "Historias", "Histoires", "Histórias")),
        (
            "where_we_work",
            _item(
                "Where we work",
                "Dónde trabajamos",
                "Où nous travaillons",
                "Onde trabalhamos",
            ),
        ),
        (
            "partnerships",
            _item("Partnerships", "Alianzas", "Partenariats", "Parcerias"),
        ),
        (
            "data_research",
            _item(
                "Data and research",
                "Datos e investigación",
                "Données et recherche",
                "Dados e pesquisa",
            ),
        ),
        (
            "agenda_2030",
            _item("2030 Agenda", "Agenda 2030", "Programme 2030", "Agenda 2030"),
        ),
        ("get_involved", _item("Get involved", "Participe", "Participer", "Participe")),
        ("news", _item("News", "Noticias", "Actualités", "Notícias")),
        ("contact", _item("Contact", "Contacto", "Contact", "Contato")),
    ],
}

FOOTER = {
    "text": lang(
        en=(
            "<p>Migrants Count is a campaign of the Organization of American States and "
            "the International Organization for Migration. "
            '<a linktype="page" id="{page:privacy}">Privacy notice</a> · '
            '<a linktype="page" id="{page:accessibility}">Accessibility statement</a> · '
            '<a linktype="page" id="{page:contact}">Contact</a></p>'
        ),
        es=(
            "<p>Migrantes Cuentan es una campaña de la Organización de los Estados "
            "Americanos y la Organización Internacional para las Migraciones. "
            '<a linktype="page" id="{page:privacy}">Aviso de privacidad</a> · '
            '<a linktype="page" id="{page:accessibility}">Declaración de accesibilidad</a> · '
            '<a linktype="page" id="{page:contact}">Contacto</a></p>'
        ),
        fr=(
            "<p>Les migrants comptent est une campagne de l’Organisation des États "
            "Américains et de l’Organisation internationale pour les migrations. "
            '<a linktype="page" id="{page:privacy}">Avis de confidentialité</a> · '
            '<a linktype="page" id="{page:accessibility}">Déclaration d’accessibilité</a> · '
            '<a linktype="page" id="{page:contact}">Contact</a></p>'
        ),
        pt=(
            "<p>Migrantes Contam é uma campanha da Organização dos Estados Americanos e "
            "da Organização Internacional para as Migrações. "
            '<a linktype="page" id="{page:privacy}">Aviso de privacidade</a> · '
            '<a linktype="page" id="{page:accessibility}">Declaração de acessibilidade</a> · '
            '<a linktype="page" id="{page:contact}">Contato</a></p>'
        ),
    ),
    "copyright_line": lang(
        en="© 2026 Organization of American States and International Organization for Migration",
        es="© 2026 Organización de los Estados Americanos y Organización Internacional para las Migraciones",
        fr="© 2026 Organisation des États Américains et Organisation internationale pour les migrations",
        pt="© 2026 Organização dos Estados Americanos e Organização Internacional para as Migrações",
    ),
}
