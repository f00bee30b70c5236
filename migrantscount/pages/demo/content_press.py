"""Press releases. The launch release was written in French and translated from it."""

from .content_data import SHARE_YOUR_STORY
from .texts import Spec, lang

PRESS_OFFICE = {
    "contact_name": lang(
        en="Migrants Count press office",
        es="Oficina de prensa de Migrantes Cuentan",
        fr="Service de presse de Les migrants comptent",
        pt="Assessoria de imprensa de Migrantes Contam",
    ),
    "contact_phone": "+1 202 555 0100",
    "contact_email": "press@example.org",
}
DATELINE = lang(
    en="Washington, D.C.",
    es="Washington, D.C.",
    fr="Washington, D.C.",
    pt="Washington, D.C.",
)

LAUNCH: Spec = {
    "key": "launch_release",
    "type": "news",
    "parent": "news",
    "source": "fr",
    "date": "2026-11-20",
    "dateline_city": DATELINE,
    **PRESS_OFFICE,
    "slug": lang(
        en="oas-and-iom-launch-migrants-count-in-the-americas",
        es="oea-y-oim-lanzan-migrantes-cuentan-en-las-americas",
        fr="l-oea-et-l-oim-lancent-les-migrants-comptent-dans-les-ameriques",
        pt="oea-e-oim-lancam-migrantes-contam-nas-americas",
    ),
    "title": lang(
        en="OAS and IOM launch the “Migrants Count in the Americas” campaign",
        es="La OEA y la OIM lanzan la campaña “Migrantes Cuentan en las Américas”",
        fr="L’OEA et l’OIM lancent la campagne « Les migrants comptent dans les Amériques »",
        pt="OEA e OIM lançam a campanha “Migrantes Contam nas Américas”",
    ),
    "intro": lang(
        en=(
            "The Organization of American States and the International Organization "
            "for Migration today launched in Washington, D.C. a media campaign that "
            "highlights migrants’ contributions to sustainable development in their "
            "countries of origin and of destination."
        ),
        es=(
            "La Organización de los Estados Americanos y la Organización Internacional "
            "para las Migraciones lanzaron hoy en Washington, D.C. una campaña de "
            "comunicación que destaca la contribución de las personas migrantes al "
            "desarrollo sostenible de sus países de origen y de destino."
        ),
        fr=(
            "L’Organisation des États Américains et l’Organisation internationale pour "
            "les migrations ont lancé aujourd’hui à Washington, D.C. une campagne "
            "médiatique qui met en lumière la contribution des migrants au "
            "développement durable de leurs pays d’origine et de destination."
        ),
        pt=(
            "A Organização dos Estados Americanos e a Organização Internacional para as "
            "Migrações lançaram hoje em Washington, D.C. uma campanha de comunicação que "
            "destaca a contribuição dos migrantes para o desenvolvimento sustentável "
            "dos seus países de origem e de destino."
        ),
    ),
    "body": [
        (
            "paragraph",
            lang(
                en=(
                    "<p>The campaign, entitled “Migrants Count in the Americas”, seeks "
                    "to recognise what migrants bring to the societies they leave and "
                    "to those that receive them, to promote their inclusion and to "
                    "counter negative narratives, discrimination and xenophobia. It also "
                    "supports the United Nations campaign for respect, safety and "
                    "dignity for all migrants.</p>"
                ),
                es=(
                    "<p>La campaña, titulada “Migrantes Cuentan en las Américas”, busca "
                    "reconocer lo que las personas migrantes aportan a las sociedades "
                    "que dejan y a las que las reciben, promover su inclusión y "
                    "contrarrestar los discursos negativos, la discriminación y la "
                    "xenofobia. También respalda la campaña de las Naciones Unidas por "
                    "el respeto, la seguridad y la dignidad de todas las personas "
                    "migrantes.</p>"
                ),
                fr=(
                    "<p>La campagne, intitulée « Les migrants comptent dans les "
                    "Amériques », vise à reconnaître ce que les migrants apportent aux "
                    "sociétés qu’ils quittent comme à celles qui les accueillent, à "
                    "favoriser leur inclusion et à combattre les discours négatifs, la "
                    "discrimination et la xénophobie. Elle soutient également la "
                    "campagne des Nations Unies pour le respect, la sécurité et la "
                    "dignité de tous les migrants.</p>"
                ),
                pt=(
                    "<p>A campanha, intitulada “Migrantes Contam nas Américas”, procura "
                    "reconhecer o que os migrantes trazem às sociedades que deixam e às "
                    "que os recebem, promover a sua inclusão e combater as narrativas "
                    "negativas, a discriminação e a xenofobia. Ela também apoia a "
                    "campanha das Nações Unidas pelo respeito, pela segurança e pela "
                    "dignidade de todos os migrantes.</p>"
                ),
            ),
        ),
        (
            "heading",
            lang(
                en="Three components",
                es="Tres componentes",
                fr="Trois volets",
                pt="Três componentes",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<ul><li>The OAS will disseminate official data on migrants’ "
                    "contributions to sustainable development in countries of origin and "
                    "of destination, from remittances to the cost of sending them.</li>"
                    "<li>The IOM will collect success stories of migrants in the "
                    "Americas, published with the informed consent of each person.</li>"
                    "<li>Regular live interviews on social media will give migrants, "
                    "experts and authorities a space to talk directly with the public."
                    "</li></ul>"
                    "<p>Stories, data and other materials will be distributed widely on "
                    "social networks with the hashtags #MigrantsCount and, in "
                    "Spanish-speaking countries, #MigrantesCuentan.</p>"
                ),
                es=(
                    "<ul><li>La OEA difundirá datos oficiales sobre la contribución de "
                    "las personas migrantes al desarrollo sostenible de los países de "
                    "origen y de destino, desde las remesas hasta el costo de enviarlas."
                    "</li>"
                    "<li>La OIM recopilará historias de éxito de personas migrantes en "
                    "las Américas, que se publicarán con el consentimiento informado de "
                    "cada persona.</li>"
                    "<li>Entrevistas en vivo periódicas en redes sociales ofrecerán a "
                    "personas migrantes, especialistas y autoridades un espacio para "
                    "dialogar directamente con el público.</li></ul>"
                    "<p>Las historias, los datos y otros materiales se difundirán "
                    "ampliamente en redes sociales con la etiqueta #MigrantesCuentan en "
                    "los países de habla hispana y #MigrantsCount en los demás.</p>"
                ),
                fr=(
                    "<ul><li>L’OEA diffusera des données officielles sur la contribution "
                    "des migrants au développement durable des pays d’origine et de "
                    "destination, des envois de fonds à leur coût.</li>"
                    "<li>L’OIM recueillera des parcours de réussite de migrants dans les "
                    "Amériques, publiés avec le consentement éclairé de chaque personne."
                    "</li>"
                    "<li>Des entretiens en direct réguliers sur les réseaux sociaux "
                    "offriront aux migrants, aux spécialistes et aux autorités un espace "
                    "de dialogue direct avec le public.</li></ul>"
                    "<p>Récits, données et autres contenus seront largement diffusés sur "
                    "les réseaux sociaux avec les mots-dièses #MigrantsCount et, dans les "
                    "pays hispanophones, #MigrantesCuentan.</p>"
                ),
                pt=(
                    "<ul><li>A OEA divulgará dados oficiais sobre a contribuição dos "
                    "migrantes para o desenvolvimento sustentável dos países de origem e "
                    "de destino, das remessas ao custo de enviá-las.</li>"
                    "<li>A OIM reunirá histórias de sucesso de migrantes nas Américas, "
                    "publicadas com o consentimento informado de cada pessoa.</li>"
                    "<li>Entrevistas ao vivo regulares nas redes sociais darão a "
                    "migrantes, especialistas e autoridades um espaço de diálogo direto "
                    "com o público.</li></ul>"
                    "<p>Histórias, dados e outros materiais serão amplamente divulgados "
                    "nas redes sociais com as hashtags #MigrantsCount e, nos países de "
                    "língua espanhola, #MigrantesCuentan.</p>"
                ),
            ),
        ),
        (
            "quote",
            {
                "quote": lang(
                    en=(
                        "Migrants are nurses, farmers, engineers, entrepreneurs and "
                        "parents. Counting their contribution is the first step towards "
                        "recognising it."
                    ),
                    es=(
                        "Las personas migrantes son enfermeras, agricultores, ingenieras, "
                        "emprendedores, madres y padres. Contar su aporte es el primer "
                        "paso para reconocerlo."
                    ),
                    fr=(
                        "Les migrants sont infirmières, agriculteurs, ingénieures, "
                        "entrepreneurs et parents. Compter leur contribution est le "
                        "premier pas pour la reconnaître."
                    ),
                    pt=(
                        "Os migrantes são enfermeiras, agricultores, engenheiras, "
                        "empreendedores, mães e pais. Contar a sua contribuição é o "
                        "primeiro passo para reconhecê-la."
                    ),
                ),
                "attribution": lang(
                    en="Joint statement by the OAS and the IOM",
                    es="Declaración conjunta de la OEA y la OIM",
                    fr="Déclaration conjointe de l’OEA et de l’OIM",
                    pt="Declaração conjunta da OEA e da OIM",
                ),
            },
        ),
        (
            "heading",
            lang(
                en="About the organizations",
                es="Acerca de las organizaciones",
                fr="À propos des organisations",
                pt="Sobre as organizações",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<p>The Organization of American States brings together the 35 "
                    "independent states of the Americas. The International Organization "
                    "for Migration, founded in 1951, is the United Nations migration "
                    "agency; it has 175 member states and works in 171 countries. More "
                    'about the campaign: <a linktype="page" id="{page:who_we_are}">'
                    "Who we are</a>.</p>"
                ),
                es=(
                    "<p>La Organización de los Estados Americanos reúne a los 35 Estados "
                    "independientes de las Américas. La Organización Internacional para "
                    "las Migraciones, fundada en 1951, es el organismo de las Naciones "
                    "Unidas para la migración; cuenta con 175 Estados miembros y trabaja "
                    'en 171 países. Más sobre la campaña: <a linktype="page" '
                    'id="{page:who_we_are}">Quiénes somos</a>.</p>'
                ),
                fr=(
                    "<p>L’Organisation des États Américains réunit les 35 États "
                    "indépendants des Amériques. L’Organisation internationale pour les "
                    "migrations, fondée en 1951, est l’agence des Nations Unies pour les "
                    "migrations ; elle compte 175 États membres et intervient dans 171 "
                    'pays. En savoir plus sur la campagne : <a linktype="page" '
                    'id="{page:who_we_are}">Qui sommes-nous</a>.</p>'
                ),
                pt=(
                    "<p>A Organização dos Estados Americanos reúne os 35 Estados "
                    "independentes das Américas. A Organização Internacional para as "
                    "Migrações, fundada em 1951, é a agência das Nações Unidas para as "
                    "migrações; tem 175 Estados-membros e atua em 171 países. Mais sobre "
                    'a campanha: <a linktype="page" id="{page:who_we_are}">Quem '
                    "somos</a>.</p>"
                ),
            ),
        ),
    ],
}

CALL_FOR_STORIES: Spec = {
    "key": "call_for_stories",
    "type": "news",
    "parent": "news",
    "source": "en",
    "date": "2026-11-25",
    "dateline_city": DATELINE,
    **PRESS_OFFICE,
    "slug": lang(
        en="migrants-count-opens-its-call-for-stories",
        es="migrantes-cuentan-abre-su-convocatoria-de-historias",
        fr="les-migrants-comptent-lance-son-appel-a-temoignages",
        pt="migrantes-contam-abre-chamada-de-historias",
    ),
    "title": lang(
        en="Migrants Count opens its call for stories",
        es="Migrantes Cuentan abre su convocatoria de historias",
        fr="Les migrants comptent lance son appel à témoignages",
        pt="Migrantes Contam abre a sua chamada de histórias",
    ),
    "intro": lang(
        en=(
            "Migrants across the Americas are invited to share how migration has shaped "
            "their lives and their communities, in English, Spanish, French or "
            "Portuguese."
        ),
        es=(
            "Se invita a las personas migrantes de todo el continente a contar cómo la "
            "migración ha marcado su vida y su comunidad, en español, inglés, francés o "
            "portugués."
        ),
        fr=(
            "Les migrants de tout le continent sont invités à raconter comment la "
            "migration a marqué leur vie et leur communauté, en français, en anglais, en "
            "espagnol ou en portugais."
        ),
        pt=(
            "Migrantes de todo o continente são convidados a contar como a migração "
            "marcou a sua vida e a sua comunidade, em português, inglês, espanhol ou "
            "francês."
        ),
    ),
    "body": [
        (
            "paragraph",
            lang(
                en=(
                    "<p>Stories can be submitted through this website. Each author "
                    "chooses whether the story may appear on the website, on the "
                    "campaign’s social media accounts, or both, and receives a private "
                    "link to withdraw that consent at any time. Stories from children "
                    "require the consent of a parent or guardian.</p>"
                    "<p>Before publication, the IOM team reviews each story with its "
                    "author and removes any detail that could put the author at risk. "
                    "How personal data is handled is set out in the "
                    '<a linktype="page" id="{page:privacy}">privacy notice</a>.</p>'
                ),
                es=(
                    "<p>Las historias pueden enviarse a través de este sitio. Cada autor "
                    "elige si la historia puede aparecer en el sitio, en las cuentas de "
                    "la campaña en redes sociales o en ambos, y recibe un enlace privado "
                    "para retirar ese consentimiento en cualquier momento. Las historias "
                    "de niñas, niños y adolescentes requieren el consentimiento de su "
                    "madre, padre o tutor.</p>"
                    "<p>Antes de su publicación, el equipo de la OIM revisa cada historia "
                    "con su autor y elimina cualquier detalle que pueda ponerle en "
                    "riesgo. El tratamiento de los datos personales se explica en el "
                    '<a linktype="page" id="{page:privacy}">aviso de privacidad</a>.'
                    "</p>"
                ),
                fr=(
                    "<p>Les histoires peuvent être envoyées depuis ce site. Chaque auteur "
                    "choisit si son histoire peut paraître sur le site, sur les comptes "
                    "de la campagne dans les réseaux sociaux ou les deux, et reçoit un "
                    "lien privé pour retirer ce consentement à tout moment. Les histoires "
                    "d’enfants nécessitent le consentement d’un parent ou d’un tuteur."
                    "</p>"
                    "<p>Avant publication, l’équipe de l’OIM relit chaque histoire avec "
                    "son auteur et retire tout détail susceptible de le mettre en danger. "
                    "Le traitement des données personnelles est décrit dans l’"
                    '<a linktype="page" id="{page:privacy}">avis de '
                    "confidentialité</a>.</p>"
                ),
                pt=(
                    "<p>As histórias podem ser enviadas por este site. Cada autor escolhe "
                    "se a história pode aparecer no site, nas contas da campanha nas "
                    "redes sociais ou em ambos, e recebe um link privado para retirar "
                    "esse consentimento a qualquer momento. Histórias de crianças e "
                    "adolescentes exigem o consentimento de um dos pais ou do "
                    "responsável.</p>"
                    "<p>Antes da publicação, a equipe da OIM revisa cada história com o "
                    "seu autor e remove qualquer detalhe que possa colocá-lo em risco. O "
                    'tratamento dos dados pessoais está descrito no <a linktype="page" '
                    'id="{page:privacy}">aviso de privacidade</a>.</p>'
                ),
            ),
        ),
        (
            "call_to_action",
            {
                "title": lang(
                    en="Tell your story",
                    es="Cuente su historia",
                    fr="Racontez votre histoire",
                    pt="Conte a sua história",
                ),
                "section": "share_story",
                "button_label": SHARE_YOUR_STORY,
            },
        ),
    ],
}

PAGES: list[Spec] = [LAUNCH, CALL_FOR_STORIES]
