"""Version 1 of the consent text in the four languages of the site.

A later version is a new row (new migration or the admin), never an edit of this
one: every submission keeps the exact version it was given under.
"""

from django.db import migrations

V1 = {
    "en": """\
Who we are: Migrants Count in the Americas is a campaign of the Organization of American States (OAS) and the International Organization for Migration (IOM).

Why we ask: we collect stories of migrants to show how they contribute to the countries they come from and the countries they live in.

What we keep: your story, the name or pseudonym you choose, your age group, countries, work, the goals you chose, and, if you give them, a photo and a way to contact you. Everything is stored encrypted. Your photo is stored without its location or any other hidden information.

What we do with it: our team reads every story before anything is published. We only use your story in the ways you tick below, and only with the name choice you make. You can say yes to some uses and no to others.

Contact details: we use them only to ask you questions about your story. We delete them automatically after your story is published or declined.

Children: if you are under 18, a parent or guardian must agree and give their name.

Your rights: after sending, you get a private link. With it you can see the status of your story and withdraw your consent at any time, without giving a reason. When you withdraw, we erase your story, your photo and your personal details at once, and stop any planned publication. You can also ask our team to do this for you.""",
    "es": """\
Quiénes somos: Los Migrantes Cuentan en las Américas es una campaña de la Organización de los Estados Americanos (OEA) y la Organización Internacional para las Migraciones (OIM).

Por qué lo pedimos: reunimos historias de personas migrantes para mostrar cómo contribuyen a sus países de origen y a los países donde viven.

Qué guardamos: tu historia, el nombre o seudónimo que elijas, tu grupo de edad, los países, tu trabajo, los objetivos que elegiste y, si nos los das, una foto y una forma de contactarte. Todo se guarda cifrado. Tu foto se guarda sin su ubicación ni ninguna otra información oculta.

Qué hacemos con ella: nuestro equipo lee cada historia antes de publicar nada. Solo usamos tu historia de las formas que marques abajo, y solo con el nombre que elijas. Puedes decir sí a algunos usos y no a otros.

Datos de contacto: solo los usamos para hacerte preguntas sobre tu historia. Los borramos automáticamente después de publicar o descartar tu historia.

Menores de edad: si tienes menos de 18 años, tu madre, padre o tutor debe estar de acuerdo y dar su nombre.

Tus derechos: al enviar, recibes un enlace privado. Con él puedes ver el estado de tu historia y retirar tu consentimiento cuando quieras, sin dar razones. Si lo retiras, borramos de inmediato tu historia, tu foto y tus datos personales, y detenemos cualquier publicación prevista. También puedes pedir a nuestro equipo que lo haga por ti.""",
    "fr": """\
Qui nous sommes : Les migrants comptent dans les Amériques est une campagne de l'Organisation des États américains (OEA) et de l'Organisation internationale pour les migrations (OIM).

Pourquoi nous le demandons : nous recueillons des histoires de personnes migrantes pour montrer ce qu'elles apportent à leur pays d'origine et au pays où elles vivent.

Ce que nous gardons : votre histoire, le prénom ou pseudonyme que vous choisissez, votre tranche d'âge, les pays, votre travail, les objectifs choisis et, si vous les donnez, une photo et un moyen de vous contacter. Tout est conservé chiffré. Votre photo est conservée sans sa localisation ni aucune autre information cachée.

Ce que nous en faisons : notre équipe lit chaque histoire avant toute publication. Nous utilisons votre histoire uniquement de la manière que vous cochez ci-dessous, et uniquement avec le nom que vous choisissez. Vous pouvez accepter certains usages et en refuser d'autres.

Coordonnées : nous les utilisons seulement pour vous poser des questions sur votre histoire. Nous les effaçons automatiquement après la publication ou le refus de votre histoire.

Enfants : si vous avez moins de 18 ans, un parent ou tuteur doit être d'accord et donner son nom.

Vos droits : après l'envoi, vous recevez un lien privé. Il vous permet de voir où en est votre histoire et de retirer votre consentement à tout moment, sans donner de raison. Si vous le retirez, nous effaçons immédiatement votre histoire, votre photo et vos données personnelles, et nous arrêtons toute publication prévue. Vous pouvez aussi demander à notre équipe de le faire pour vous.""",
    "pt": """\
Quem somos: Os Migrantes Contam nas Américas é uma campanha da Organização dos Estados Americanos (OEA) e da Organização Internacional para as Migrações (OIM).

Por que pedimos: reunimos histórias de pessoas migrantes para mostrar como elas contribuem para os países de onde vêm e para os países onde vivem.

O que guardamos: a sua história, o nome ou pseudônimo que escolher, a sua faixa etária, os países, o seu trabalho, os objetivos escolhidos e, se os der, uma foto e uma forma de contato. Tudo é guardado criptografado. A sua foto é guardada sem a localização nem qualquer outra informação oculta.

O que fazemos com ela: a nossa equipe lê cada história antes de publicar qualquer coisa. Só usamos a sua história das formas que marcar abaixo, e só com o nome que escolher. Pode dizer sim a alguns usos e não a outros.

Dados de contato: só os usamos para fazer perguntas sobre a sua história. Apagamos esses dados automaticamente depois de a história ser publicada ou recusada.

Crianças e adolescentes: se tiver menos de 18 anos, a mãe, o pai ou o responsável legal deve concordar e dar o seu nome.

Os seus direitos: depois de enviar, recebe um link privado. Com ele pode ver a situação da sua história e retirar o seu consentimento a qualquer momento, sem dar motivo. Se retirar, apagamos imediatamente a sua história, a sua foto e os seus dados pessoais, e paramos qualquer publicação prevista. Também pode pedir à nossa equipe que faça isso por você.""",
}


def seed(apps, schema_editor):
    ConsentText = apps.get_model("stories", "ConsentText")
    for language, text in V1.items():
        ConsentText.objects.get_or_create(
            language=language, version=1, defaults={"text": text}
        )


def unseed(apps, schema_editor):
    ConsentText = apps.get_model("stories", "ConsentText")
    ConsentText.objects.filter(version=1, submissions__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("stories", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
