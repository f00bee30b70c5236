"""Version 2 of the consent text: what is stored encrypted, and what the contact is for.

Version 1 said "Everything is stored encrypted", but the age group, countries, sector
and chosen goals are stored in clear (moderators sort and count by them), and it said
the contact was used only for questions, while the platform now e-mails a receipt and
the decision. Version 1 stays as it was: every submission keeps the exact version it
was given under (docs/stories.md).
"""

import importlib

from django.db import migrations

V1 = importlib.import_module("migrantscount.stories.migrations.0002_consent_text_v1").V1

# (sentence of version 1, its replacement in version 2), per language.
CHANGES = {
    "en": [
        (
            "Everything is stored encrypted.",
            "Your story, name, work, contact, your guardian's name and your photo are "
            "stored encrypted; your age group, countries, sector and goals are stored "
            "without encryption, so that our team can sort and count the stories.",
        ),
        (
            "we use them only to ask you questions about your story.",
            "we use them only to send you a receipt with your private link, to tell you "
            "when your story is published or declined, and to ask you questions about "
            "it.",
        ),
    ],
    "es": [
        (
            "Todo se guarda cifrado.",
            "Tu historia, tu nombre, tu trabajo, tu contacto, el nombre de tu tutor y tu "
            "foto se guardan cifrados; tu grupo de edad, los países, el sector y los "
            "objetivos se guardan sin cifrar, para que nuestro equipo pueda ordenar y "
            "contar las historias.",
        ),
        (
            "solo los usamos para hacerte preguntas sobre tu historia.",
            "solo los usamos para enviarte un acuse de recibo con tu enlace privado, "
            "avisarte cuando tu historia se publique o se descarte, y hacerte "
            "preguntas sobre ella.",
        ),
    ],
    "fr": [
        (
            "Tout est conservé chiffré.",
            "Votre histoire, votre nom, votre travail, vos coordonnées, le nom de votre "
            "tuteur et votre photo sont conservés chiffrés ; votre tranche d'âge, les "
            "pays, le secteur et les objectifs sont conservés sans chiffrement, pour que "
            "notre équipe puisse trier et compter les histoires.",
        ),
        (
            "nous les utilisons seulement pour vous poser des questions sur votre "
            "histoire.",
            "nous les utilisons seulement pour vous envoyer un accusé de réception avec "
            "votre lien privé, vous dire quand votre histoire est publiée ou refusée, et "
            "vous poser des questions à son sujet.",
        ),
    ],
    "pt": [
        (
            "Tudo é guardado criptografado.",
            "A sua história, o seu nome, o seu trabalho, o seu contato, o nome do seu "
            "responsável e a sua foto são guardados criptografados; a sua faixa etária, "
            "os países, o setor e os objetivos são guardados sem criptografia, para que "
            "a nossa equipe possa ordenar e contar as histórias.",
        ),
        (
            "só os usamos para fazer perguntas sobre a sua história.",
            "só os usamos para enviar um recibo com o seu link privado, avisar quando a "
            "sua história for publicada ou recusada, e fazer perguntas sobre ela.",
        ),
    ],
}


def _v2(language: str) -> str:
    text = V1[language]
    for old, new in CHANGES[language]:
        if old not in text:
            raise ValueError(f"consent text v1 ({language}) lacks: {old!r}")
        text = text.replace(old, new)
    return text


V2 = {language: _v2(language) for language in V1}


def seed(apps, schema_editor):
    ConsentText = apps.get_model("stories", "ConsentText")
    for language, text in V2.items():
        ConsentText.objects.get_or_create(
            language=language, version=2, defaults={"text": text}
        )


def unseed(apps, schema_editor):
    ConsentText = apps.get_model("stories", "ConsentText")
    ConsentText.objects.filter(version=2, submissions__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("stories", "0004_story_photo_private")]

    operations = [migrations.RunPython(seed, unseed)]
